// REST throughput and latency against a real `vellum serve` (SQLite, local embeddings, background
// queue) over loopback with the in-tree keep-alive load client. 1,000 articles of ~2 KB are created
// first (reported as rest/seed_create); the queue is drained before the read benches so background
// embedding does not share the CPU with them.
//
//   VELLUM_BENCH_CONNECTIONS (16)  VELLUM_BENCH_SECONDS (10, per read bench)
//   VELLUM_BENCH_WRITES (3000, requests per write bench)
#include <memory>

#include <nlohmann/json.hpp>

#include "bench/bench_env.hpp"
#include "bench/load_client.hpp"
#include "bench/server_process.hpp"

namespace vellum::bench {
namespace {

constexpr std::size_t kArticles = 1000;
constexpr std::size_t kArticleBytes = 2048;

std::string create_body(const std::string& title, std::size_t seed) {
  return nlohmann::json{{"title", title}, {"content", article_text(seed, kArticleBytes)}}.dump();
}

LoadOptions load_options(const ServerProcess& server, std::uint64_t max_requests, std::chrono::milliseconds max) {
  LoadOptions o;
  o.port = server.port();
  o.bearer_token = server.token();
  o.connections = env_size("VELLUM_BENCH_CONNECTIONS", 16);
  o.max_requests = max_requests;
  o.max_duration = max;
  return o;
}

void report(benchmark::State& state, LoadResult& result, const ServerProcess& server) {
  state.counters["req_per_s"] = result.per_second();
  state.counters["requests"] = static_cast<double>(result.ok + result.failed);
  state.counters["failed"] = static_cast<double>(result.failed);
  state.counters["server_rss_MB"] = server.rss_mb();
  result.latencies.report(state);
  if (result.failed > 0) state.SetLabel("first failure: " + result.first_failure);
}

// One server for every bench in this binary, seeded once (the seeding is itself measured).
struct Rig {
  ServerProcess server;
  LoadResult seed;
  bool drained = false;
};

Rig& rig() {
  static auto instance = [] {
    auto r = std::make_unique<Rig>();
    auto options = load_options(r->server, kArticles, std::chrono::minutes(5));
    r->seed = run_load(options, [](std::uint64_t n) {
      return LoadRequest{"POST", "/api/articles", create_body("Bench Article " + std::to_string(n), n)};
    });
    r->drained = r->server.drain_queue(std::chrono::minutes(5));
    return r;
  }();
  return *instance;
}

void run(benchmark::State& state, const std::function<LoadResult(Rig&)>& body) {
  auto& r = rig();
  LoadResult result;
  for (auto _ : state) result = body(r);
  report(state, result, r.server);
}

std::chrono::milliseconds read_window() {
  return std::chrono::milliseconds(1000 * env_size("VELLUM_BENCH_SECONDS", 10));
}

void seed_create(benchmark::State& state) {
  auto& r = rig();
  for (auto _ : state) benchmark::DoNotOptimize(r.seed.ok);
  report(state, r.seed, r.server);
  if (!r.drained) state.SetLabel("queue did not drain within 5 minutes");
}

void get_one(benchmark::State& state) {
  run(state, [](Rig& r) {
    return run_load(load_options(r.server, UINT64_MAX, read_window()), [](std::uint64_t n) {
      return LoadRequest{"GET", "/api/articles/bench-article-" + std::to_string(n % kArticles) + ".md", {}};
    });
  });
}

void list_page(benchmark::State& state) {
  run(state, [](Rig& r) {
    return run_load(load_options(r.server, UINT64_MAX, read_window()), [](std::uint64_t n) {
      return LoadRequest{"GET", "/api/articles?limit=50&offset=" + std::to_string(n % 20 * 50), {}};
    });
  });
}

void create(benchmark::State& state) {
  run(state, [](Rig& r) {
    const auto writes = env_size("VELLUM_BENCH_WRITES", 3000);
    return run_load(load_options(r.server, writes, std::chrono::minutes(2)), [](std::uint64_t n) {
      return LoadRequest{"POST", "/api/articles", create_body("Bench New " + std::to_string(n), n + kArticles)};
    });
  });
}

void update(benchmark::State& state) {
  run(state, [](Rig& r) {
    const auto writes = env_size("VELLUM_BENCH_WRITES", 3000);
    return run_load(load_options(r.server, writes, std::chrono::minutes(2)), [](std::uint64_t n) {
      const auto id = n % kArticles;
      return LoadRequest{"PUT", "/api/articles/bench-article-" + std::to_string(id) + ".md",
                         create_body("Bench Article " + std::to_string(id), n * 7 + 3)};
    });
  });
}

// One iteration each: a bench is a whole timed load run, repeated by hand if wanted.
BENCHMARK(seed_create)->Name("rest/seed_create")->Iterations(1)->Unit(benchmark::kSecond);
BENCHMARK(get_one)->Name("rest/get_one")->Iterations(1)->Unit(benchmark::kSecond);
BENCHMARK(list_page)->Name("rest/list_limit50")->Iterations(1)->Unit(benchmark::kSecond);
BENCHMARK(create)->Name("rest/create")->Iterations(1)->Unit(benchmark::kSecond);
BENCHMARK(update)->Name("rest/update")->Iterations(1)->Unit(benchmark::kSecond);

}  // namespace
}  // namespace vellum::bench

BENCHMARK_MAIN();
