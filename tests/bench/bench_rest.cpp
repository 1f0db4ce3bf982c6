// REST throughput and latency against a real `vellum serve` (SQLite, local embeddings, background
// queue) over loopback with the in-tree keep-alive load client. 1,000 articles of ~2 KB are created
// first (reported as rest/seed_create); the queue is drained before the read benches so background
// embedding does not share the CPU with them. When VELLUM_BENCH_PG_URL (or VELLUM_TEST_PG_URL) names a
// PostgreSQL server, the same benches run again as rest/pg/… on a server child using a fresh schema there.
//
//   VELLUM_BENCH_CONNECTIONS (16)  VELLUM_BENCH_SECONDS (10, per read bench)
//   VELLUM_BENCH_WRITES (3000, requests per write bench)
#include <algorithm>
#include <functional>
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

// One server per backend for every bench in this binary, seeded once (the seeding is itself measured).
struct Rig {
  explicit Rig(const std::string& pg_url) : server("embedding:\n  provider: local\n", pg_url) {}
  ServerProcess server;
  LoadResult seed;
  bool drained = false;
};

// The server for `pg_url` ("" = SQLite). The benches run backend by backend, so the other backend's
// server is stopped first: one server at a time on the shared cores.
Rig& rig(const std::string& pg_url) {
  static std::string current;
  static std::unique_ptr<Rig> instance;
  if (!instance || current != pg_url) {
    instance.reset();
    current = pg_url;
    instance = std::make_unique<Rig>(pg_url);
    auto options = load_options(instance->server, kArticles, std::chrono::minutes(5));
    instance->seed = run_load(options, [](std::uint64_t n) {
      return LoadRequest{"POST", "/api/articles", create_body("Bench Article " + std::to_string(n), n)};
    });
    instance->drained = instance->server.drain_queue(std::chrono::minutes(5));
  }
  return *instance;
}

void run(benchmark::State& state, const std::string& pg_url, const std::function<LoadResult(Rig&)>& body) {
  auto& r = rig(pg_url);
  LoadResult result;
  for (auto _ : state) result = body(r);
  report(state, result, r.server);
}

std::chrono::milliseconds read_window() {
  return std::chrono::milliseconds(1000 * env_size("VELLUM_BENCH_SECONDS", 10));
}

void seed_create(benchmark::State& state, const std::string& pg_url) {
  auto& r = rig(pg_url);
  for (auto _ : state) benchmark::DoNotOptimize(r.seed.ok);
  report(state, r.seed, r.server);
  if (!r.drained) state.SetLabel("queue did not drain within 5 minutes");
}

void get_one(benchmark::State& state, const std::string& pg_url) {
  run(state, pg_url, [](Rig& r) {
    return run_load(load_options(r.server, UINT64_MAX, read_window()), [](std::uint64_t n) {
      return LoadRequest{"GET", "/api/articles/bench-article-" + std::to_string(n % kArticles) + ".md", {}};
    });
  });
}

void list_page(benchmark::State& state, const std::string& pg_url) {
  run(state, pg_url, [](Rig& r) {
    return run_load(load_options(r.server, UINT64_MAX, read_window()), [](std::uint64_t n) {
      return LoadRequest{"GET", "/api/articles?limit=50&offset=" + std::to_string(n % 20 * 50), {}};
    });
  });
}

// GET /api/search in `mode`, k=10, rotating over kSearchQueries.
void search(benchmark::State& state, const std::string& pg_url, const std::string& mode) {
  run(state, pg_url, [&](Rig& r) {
    return run_load(load_options(r.server, UINT64_MAX, read_window()), [&](std::uint64_t n) {
      std::string query = kSearchQueries[n % std::size(kSearchQueries)];
      std::replace(query.begin(), query.end(), ' ', '+');
      return LoadRequest{"GET", "/api/search?mode=" + mode + "&k=10&query=" + query, {}};
    });
  });
}

void search_keyword(benchmark::State& state, const std::string& pg_url) { search(state, pg_url, "keyword"); }
void search_hybrid(benchmark::State& state, const std::string& pg_url) { search(state, pg_url, "hybrid"); }

void create(benchmark::State& state, const std::string& pg_url) {
  run(state, pg_url, [](Rig& r) {
    const auto writes = env_size("VELLUM_BENCH_WRITES", 3000);
    return run_load(load_options(r.server, writes, std::chrono::minutes(2)), [](std::uint64_t n) {
      return LoadRequest{"POST", "/api/articles", create_body("Bench New " + std::to_string(n), n + kArticles)};
    });
  });
}

void update(benchmark::State& state, const std::string& pg_url) {
  run(state, pg_url, [](Rig& r) {
    const auto writes = env_size("VELLUM_BENCH_WRITES", 3000);
    return run_load(load_options(r.server, writes, std::chrono::minutes(2)), [](std::uint64_t n) {
      const auto id = n % kArticles;
      return LoadRequest{"PUT", "/api/articles/bench-article-" + std::to_string(id) + ".md",
                         create_body("Bench Article " + std::to_string(id), n * 7 + 3)};
    });
  });
}

// Every bench on one backend, named rest/<bench> (SQLite) or rest/pg/<bench>. One iteration each: a
// bench is a whole timed load run, repeated by hand if wanted.
void register_benches(const std::string& prefix, const std::string& pg_url) {
  const std::pair<const char*, void (*)(benchmark::State&, const std::string&)> benches[] = {
      {"seed_create", seed_create},       {"get_one", get_one},
      {"list_limit50", list_page},        {"search_keyword", search_keyword},
      {"search_hybrid", search_hybrid},   {"create", create},
      {"update", update}};
  for (const auto& [name, fn] : benches) {
    benchmark::RegisterBenchmark((prefix + name).c_str(), fn, pg_url)->Iterations(1)->Unit(benchmark::kSecond);
  }
}

}  // namespace
}  // namespace vellum::bench

int main(int argc, char** argv) {
  using namespace vellum::bench;
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  register_benches("rest/", {});
  if (const auto pg_url = bench_pg_url(); !pg_url.empty()) register_benches("rest/pg/", pg_url);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
