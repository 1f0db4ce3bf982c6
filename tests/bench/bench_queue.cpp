// The background queue plugin on SQLite (and PostgreSQL) with an instant fake Ollama (768 dimensions, no delay):
//   queue/drain        1,000 pending tasks (articles of ~2 KB written with the queue stopped; more with
//                      VELLUM_BENCH_TASKS, for a deep queue), then the queue starts: tasks/s until every
//                      article is in the vector index, and provider calls per 1,000 tasks.
//   queue/write_to_searchable  with the queue idle, one ArticleService::create at a time; the time
//                      until the article is in the in-memory vector index (semantic search sees it).
// Args: the queue's batch_size and workers; everything else is the plugin's defaults. When
// VELLUM_BENCH_PG_URL (or VELLUM_TEST_PG_URL) names a PostgreSQL server, the same benches run again as
// queue/pg/… with the postgres storage plugin, each run in a fresh schema there.
#include <memory>
#include <stdexcept>
#include <thread>

#include <spdlog/spdlog.h>

#include "bench/bench_env.hpp"
#include "bench/latency.hpp"
#include "bench/runtime_rig.hpp"
#include "fakes/fake_ollama.hpp"
#include "search/vector_index.hpp"

namespace vellum::bench {
namespace {

constexpr std::size_t kArticleBytes = 2048;
using Clock = std::chrono::steady_clock;

// Polls until `index` holds `articles` articles; false after `limit`.
bool wait_indexed(const search::VectorIndex& index, std::size_t articles, std::chrono::milliseconds limit,
                  std::chrono::microseconds poll) {
  const auto deadline = Clock::now() + limit;
  while (index.stats().articles < articles) {
    if (Clock::now() > deadline) return false;
    std::this_thread::sleep_for(poll);
  }
  return true;
}

Settings queue_settings(const benchmark::State& state) {
  return {{"batch_size", std::to_string(state.range(0))}, {"workers", std::to_string(state.range(1))}};
}

Settings ollama(const test::FakeOllama& fake) { return {{"base_url", fake.base_url()}, {"dimensions", "768"}}; }

void drain(benchmark::State& state, const std::string& pg_url) {
  const auto tasks = env_size("VELLUM_BENCH_TASKS", 1000);
  for (auto _ : state) {
    state.PauseTiming();
    test::FakeOllama fake({.dimensions = 768});
    auto rig = std::make_unique<RuntimeRig>(ollama(fake), indexing::PipelineSettings{}, pg_url);
    std::vector<std::string> contents;
    for (std::size_t i = 0; i < tasks; ++i) contents.push_back(article_text(i, kArticleBytes));
    rig->insert_articles(contents, true);
    auto index = rig->active_index();
    fake.reset_counters();
    state.ResumeTiming();

    const auto start = Clock::now();
    rig->start_queue(queue_settings(state));
    const bool done = wait_indexed(*index, tasks, std::chrono::minutes(30), std::chrono::milliseconds(2));
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();

    state.PauseTiming();
    const auto indexed = static_cast<double>(index->stats().articles);
    state.counters["tasks_per_s"] = indexed / seconds;
    state.counters["indexed"] = indexed;
    state.counters["provider_calls_per_1000"] = static_cast<double>(fake.calls()) * 1000.0 / std::max(indexed, 1.0);
    if (!done) state.SetLabel("not drained within 30 minutes");
    rig.reset();
    state.ResumeTiming();
  }
}

void write_to_searchable(benchmark::State& state, const std::string& pg_url) {
  const auto samples = env_size("VELLUM_BENCH_SAMPLES", 200);
  for (auto _ : state) {
    state.PauseTiming();
    test::FakeOllama fake({.dimensions = 768});
    auto rig = std::make_unique<RuntimeRig>(ollama(fake), indexing::PipelineSettings{}, pg_url);
    rig->start_queue(queue_settings(state));
    auto index = rig->active_index();
    state.ResumeTiming();

    Latencies latencies;
    std::size_t timed_out = 0;
    const auto budget_end = Clock::now() + std::chrono::minutes(2);  // a slow queue must not run for hours
    for (std::size_t i = 0; i < samples && Clock::now() < budget_end; ++i) {
      const auto before = index->stats().articles;
      const auto start = Clock::now();
      auto created = rig->articles.create({.title = "Live " + std::to_string(i), .content = article_text(i, kArticleBytes)},
                                          std::string("bench"));
      if (!created) throw std::runtime_error("create: " + created.error().message);
      if (wait_indexed(*index, before + 1, std::chrono::seconds(10), std::chrono::microseconds(200))) {
        latencies.add(Clock::now() - start);
      } else {
        ++timed_out;
      }
    }

    state.PauseTiming();
    latencies.report(state);
    state.counters["samples"] = static_cast<double>(latencies.size());
    state.counters["timed_out"] = static_cast<double>(timed_out);
    rig.reset();
    state.ResumeTiming();
  }
}

// Every bench on one backend, named queue/<bench> (SQLite) or queue/pg/<bench>.
void register_benches(const std::string& prefix, const std::string& pg_url) {
  benchmark::RegisterBenchmark((prefix + "drain").c_str(), drain, pg_url)
      ->ArgNames({"batch", "workers"})->Args({10, 1})->Args({10, 2})->Args({50, 2})
      ->Iterations(1)->Unit(benchmark::kSecond);
  benchmark::RegisterBenchmark((prefix + "write_to_searchable").c_str(), write_to_searchable, pg_url)
      ->ArgNames({"batch", "workers"})->Args({10, 1})->Iterations(1)->Unit(benchmark::kSecond);
}

}  // namespace
}  // namespace vellum::bench

int main(int argc, char** argv) {
  spdlog::set_level(spdlog::level::warn);  // the fake's access log would bury the results
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  using namespace vellum::bench;
  register_benches("queue/", {});
  if (const auto pg_url = bench_pg_url(); !pg_url.empty()) register_benches("queue/pg/", pg_url);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
