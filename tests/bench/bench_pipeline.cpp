// Embedding throughput of the host pipeline (chunk → embed → store → index) through the real ollama
// plugin against the fake Ollama answering every call after 50 ms, 768 dimensions. 1,000 articles of
// ~7.5 KB, about 4 chunks each at the default 500-token chunks. The ideal is the fake's ceiling:
// max_inputs_per_call × concurrency inputs per 50 ms; `of_ideal` is the measured share of it.
//
// Args: articles per index_articles() call (the queue's batch_size), the plugin's concurrency.
#include <memory>
#include <stop_token>

#include <spdlog/spdlog.h>

#include "bench/bench_env.hpp"
#include "bench/latency.hpp"
#include "bench/runtime_rig.hpp"
#include "fakes/fake_ollama.hpp"

namespace vellum::bench {
namespace {

constexpr std::size_t kArticles = 1000;
constexpr std::size_t kArticleBytes = 7500;
constexpr std::size_t kMaxInputsPerCall = 64;  // the ollama plugin's default
constexpr auto kLatency = std::chrono::milliseconds(50);

void pipeline_throughput(benchmark::State& state) {
  const auto batch = static_cast<std::size_t>(state.range(0));
  const auto concurrency = static_cast<std::size_t>(state.range(1));
  for (auto _ : state) {
    state.PauseTiming();
    // A fresh database per run: a second run over the same articles would reuse every vector.
    test::FakeOllama fake({.dimensions = 768});
    auto rig = std::make_unique<RuntimeRig>(
        Settings{{"base_url", fake.base_url()}, {"dimensions", "768"},
                 {"max_inputs_per_call", std::to_string(kMaxInputsPerCall)}, {"concurrency", std::to_string(concurrency)}},
        indexing::PipelineSettings{500, 50});
    std::vector<std::string> contents;
    for (std::size_t i = 0; i < kArticles; ++i) contents.push_back(article_text(i, kArticleBytes));
    const auto ids = rig->insert_articles(contents, false);
    fake.fail_always(test::Fault::latency(kLatency));
    fake.reset_counters();
    std::size_t failed = 0;
    Latencies per_batch;
    state.ResumeTiming();

    const auto start = std::chrono::steady_clock::now();
    for (std::size_t first = 0; first < ids.size(); first += batch) {
      const auto count = std::min(batch, ids.size() - first);
      const auto batch_start = std::chrono::steady_clock::now();
      for (const auto& outcome : rig->pipeline.index_articles({ids.data() + first, count}, std::stop_token{}))
        failed += outcome.status.ok() ? 0 : 1;
      per_batch.add(std::chrono::steady_clock::now() - batch_start);
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    state.PauseTiming();
    const auto chunks = static_cast<double>(fake.inputs());
    const double ideal = static_cast<double>(kMaxInputsPerCall * concurrency) / std::chrono::duration<double>(kLatency).count();
    state.counters["chunks_per_s"] = chunks / seconds;
    state.counters["articles_per_s"] = static_cast<double>(kArticles) / seconds;
    state.counters["chunks_per_article"] = chunks / static_cast<double>(kArticles);
    state.counters["provider_calls"] = static_cast<double>(fake.calls());
    state.counters["ideal_chunks_per_s"] = ideal;
    state.counters["of_ideal"] = chunks / seconds / ideal;
    state.counters["max_in_flight"] = static_cast<double>(fake.max_in_flight());
    state.counters["failed_articles"] = static_cast<double>(failed);
    per_batch.report(state, "batch_");
    rig.reset();  // before the fake it talks to
    state.ResumeTiming();
  }
}

BENCHMARK(pipeline_throughput)
    ->Name("pipeline/ollama_50ms")
    ->ArgNames({"batch", "concurrency"})
    ->Args({10, 1})
    ->Args({10, 2})
    ->Args({100, 2})
    ->Args({1000, 2})
    ->Iterations(1)
    ->Unit(benchmark::kSecond);

}  // namespace
}  // namespace vellum::bench

int main(int argc, char** argv) {
  spdlog::set_level(spdlog::level::warn);  // the fake's access log would bury the results
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
