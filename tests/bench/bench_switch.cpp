// A provider switch against fake Ollamas that take 20 ms per call, in process, on SQLite (and
// PostgreSQL when VELLUM_BENCH_PG_URL or VELLUM_TEST_PG_URL names a server):
//   switch/fill   N articles (VELLUM_BENCH_TASKS, default 10,000) drained into set A from pending
//                 tasks (the plain drain rate), then the configuration names model B: the time until
//                 the switch coordinator has filled B and cut over, as articles/s and as a ratio of
//                 the drain rate measured in the same run.
//   switch/write_to_searchable  create → in the active set's index, one write at a time: p50 outside
//                 a switch, then during one (cut-over manual, B filled: every write embedded twice).
// Args: the queue's batch_size and workers, and embedding.migration_share in percent (fill only).
#include <memory>
#include <stdexcept>
#include <thread>

#include <spdlog/spdlog.h>

#include "bench/bench_env.hpp"
#include "bench/latency.hpp"
#include "bench/runtime_rig.hpp"
#include "embeddings/switch_coordinator.hpp"
#include "fakes/fake_ollama.hpp"
#include "search/vector_index.hpp"

namespace vellum::bench {
namespace {

constexpr std::size_t kArticleBytes = 1024;
constexpr auto kCallLatency = std::chrono::milliseconds(20);
using Clock = std::chrono::steady_clock;

std::unique_ptr<test::FakeOllama> slow_fake(const std::string& model) {
  auto fake = std::make_unique<test::FakeOllama>(test::FakeOptions{.dimensions = 768, .model = model});
  fake->fail_always(test::Fault::latency(kCallLatency));
  return fake;
}

Settings ollama(const test::FakeOllama& fake) {
  return {{"base_url", fake.base_url()}, {"dimensions", "768"}, {"model", fake.model()}};
}

bool wait_for(const std::function<bool()>& condition, std::chrono::milliseconds limit) {
  const auto deadline = Clock::now() + limit;
  while (!condition()) {
    if (Clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

std::string active_model(RuntimeRig& rig) {
  const auto rt = rig.manager.current();
  return rt && rt->lanes.active ? rt->lanes.active->set.model : std::string();
}

void fill(benchmark::State& state, const std::string& pg_url) {
  const auto articles = env_size("VELLUM_BENCH_TASKS", 10000);
  for (auto _ : state) {
    state.PauseTiming();
    auto first = slow_fake("model-a");
    auto second = slow_fake("model-b");
    auto rig = std::make_unique<RuntimeRig>(ollama(*first), indexing::PipelineSettings{}, pg_url);
    std::vector<std::string> contents;
    for (std::size_t i = 0; i < articles; ++i) contents.push_back(article_text(i, kArticleBytes));
    rig->insert_articles(contents, true);
    auto index = rig->active_index();
    state.ResumeTiming();

    // The plain drain into set A.
    const auto drain_start = Clock::now();
    rig->start_queue({{"batch_size", std::to_string(state.range(0))}, {"workers", std::to_string(state.range(1))}});
    const bool drained = wait_for([&] { return index->stats().articles >= articles; }, std::chrono::minutes(30));
    const double drain_s = std::chrono::duration<double>(Clock::now() - drain_start).count();

    // The switch to model B: filled by the coordinator, then cut over.
    plugins::SwitchPolicy policy;
    policy.migration_share = static_cast<double>(state.range(2)) / 100.0;
    embeddings::SwitchCoordinator coordinator(rig->manager, rig->pipeline);
    const auto switch_start = Clock::now();
    rig->switch_embedding(ollama(*second), policy);
    coordinator.start();
    const bool cut_over = wait_for([&] { return active_model(*rig) == "model-b"; }, std::chrono::minutes(30));
    const double fill_s = std::chrono::duration<double>(Clock::now() - switch_start).count();
    coordinator.stop();

    state.PauseTiming();
    const double drain_rate = static_cast<double>(articles) / drain_s;
    const double fill_rate = static_cast<double>(articles) / fill_s;
    state.counters["drain_articles_per_s"] = drain_rate;
    state.counters["fill_articles_per_s"] = fill_rate;
    state.counters["fill_to_drain"] = fill_rate / drain_rate;
    state.counters["fill_s"] = fill_s;
    if (!drained || !cut_over) state.SetLabel(!drained ? "not drained within 30 minutes" : "no cut-over within 30 minutes");
    rig.reset();
    state.ResumeTiming();
  }
}

// One write at a time until it is in the active set's index; p50 and p99.
Latencies measure_writes(RuntimeRig& rig, std::size_t samples, const std::string& label) {
  Latencies latencies;
  auto index = rig.active_index();
  const auto budget_end = Clock::now() + std::chrono::minutes(2);
  for (std::size_t i = 0; i < samples && Clock::now() < budget_end; ++i) {
    const auto before = index->stats().articles;
    const auto start = Clock::now();
    auto created = rig.articles.create(
        {.title = label + " " + std::to_string(i), .content = article_text(100000 + i, kArticleBytes)},
        std::string("bench"));
    if (!created) throw std::runtime_error("create: " + created.error().message);
    if (wait_for([&] { return index->stats().articles > before; }, std::chrono::seconds(10))) {
      latencies.add(Clock::now() - start);
    }
  }
  return latencies;
}

void write_to_searchable(benchmark::State& state, const std::string& pg_url) {
  const auto samples = env_size("VELLUM_BENCH_SAMPLES", 100);
  for (auto _ : state) {
    state.PauseTiming();
    auto first = slow_fake("model-a");
    auto second = slow_fake("model-b");
    auto rig = std::make_unique<RuntimeRig>(ollama(*first), indexing::PipelineSettings{}, pg_url);
    std::vector<std::string> contents;
    for (std::size_t i = 0; i < 200; ++i) contents.push_back(article_text(i, kArticleBytes));
    rig->insert_articles(contents, true);
    rig->start_queue({{"batch_size", std::to_string(state.range(0))}, {"workers", std::to_string(state.range(1))}});
    auto index = rig->active_index();
    if (!wait_for([&] { return index->stats().articles >= contents.size(); }, std::chrono::minutes(5))) {
      throw std::runtime_error("the first set was not filled");
    }
    embeddings::SwitchCoordinator coordinator(rig->manager, rig->pipeline);
    coordinator.start();
    state.ResumeTiming();

    auto outside = measure_writes(*rig, samples, "outside");
    plugins::SwitchPolicy manual;
    manual.automatic_cutover = false;
    rig->switch_embedding(ollama(*second), manual);
    const bool filled = wait_for(
        [&] {
          const auto rt = rig->manager.current();
          return rt->lanes.building && rt->lanes.building->progress->coverage().complete();
        },
        std::chrono::minutes(5));
    auto during = measure_writes(*rig, samples, "during");

    state.PauseTiming();
    coordinator.stop();
    outside.report(state, "outside_");
    during.report(state, "during_");
    state.counters["during_to_outside_p50"] = during.percentile(50) / std::max(outside.percentile(50), 1e-9);
    if (!filled) state.SetLabel("the building set was not filled within 5 minutes");
    rig.reset();
    state.ResumeTiming();
  }
}

void register_benches(const std::string& prefix, const std::string& pg_url) {
  benchmark::RegisterBenchmark((prefix + "fill").c_str(), fill, pg_url)
      ->ArgNames({"batch", "workers", "share_pct"})->Args({10, 2, 50})->Args({10, 2, 100})
      ->Iterations(1)->Unit(benchmark::kSecond);
  benchmark::RegisterBenchmark((prefix + "write_to_searchable").c_str(), write_to_searchable, pg_url)
      ->ArgNames({"batch", "workers"})->Args({10, 2})->Iterations(1)->Unit(benchmark::kSecond);
}

}  // namespace
}  // namespace vellum::bench

int main(int argc, char** argv) {
  spdlog::set_level(spdlog::level::warn);  // the fakes' access logs would bury the results
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  using namespace vellum::bench;
  register_benches("switch/", {});
  if (const auto pg_url = bench_pg_url(); !pg_url.empty()) register_benches("switch/pg/", pg_url);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
