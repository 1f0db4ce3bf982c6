// Search latency and recall@10 of the in-memory vector index: exact scan vs HNSW over random unit
// vectors of 768 dimensions. Ground truth is the exact index itself (same rows, threshold never
// reached). Two query sets, timed together, recall reported apart:
//   random  fresh random unit vectors: every stored vector is about equally far, the worst case for
//           HNSW and unlike real queries, which resemble a few documents far more than the rest;
//   near    a stored vector plus noise (cosine about 0.7 to it): a query with a clear best answer.
//
//   bench_vector_index                         10k vectors (default)
//   VELLUM_BENCH_100K=1 bench_vector_index     also 100k (the HNSW build alone takes minutes on 2 cores)
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <memory>
#include <random>
#include <set>

#include "bench/latency.hpp"
#include "search/vector_index.hpp"

namespace vellum::bench {
namespace {

constexpr std::uint32_t kDims = 768;
constexpr std::size_t kQueries = 1000;
constexpr std::size_t kTopK = 10;

std::vector<float> random_unit(std::mt19937& rng) {
  std::normal_distribution<float> gauss;
  std::vector<float> v(kDims);
  for (auto& x : v) x = gauss(rng);
  search::normalise(v);
  return v;
}

// Both indexes over the same vectors, built once per size and shared by the exact and HNSW runs.
struct Corpus {
  std::unique_ptr<search::VectorIndex> exact;
  std::unique_ptr<search::VectorIndex> hnsw;
  std::vector<std::vector<float>> queries;  // random, then near: kQueries / 2 each
  double hnsw_build_s = 0;
};

Corpus& corpus(std::size_t n) {
  static std::map<std::size_t, Corpus> built;
  auto& c = built[n];
  if (c.exact) return c;
  std::mt19937 rng(static_cast<std::uint32_t>(n));
  c.exact = std::make_unique<search::VectorIndex>(kDims, search::VectorIndexOptions{.hnsw_threshold = SIZE_MAX});
  // Threshold = n: the graph is built, synchronously, by the last insert.
  c.hnsw = std::make_unique<search::VectorIndex>(kDims, search::VectorIndexOptions{.hnsw_threshold = n});
  std::vector<std::vector<float>> vectors;
  vectors.reserve(n);
  for (std::size_t i = 0; i < n; ++i) vectors.push_back(random_unit(rng));
  for (std::size_t i = 0; i < n; ++i) {
    auto status = c.exact->replace_article(static_cast<sdk::ArticleId>(i + 1), {{0, vectors[i]}});
    if (!status.ok()) std::abort();
  }
  const auto start = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < n; ++i) {
    auto status = c.hnsw->replace_article(static_cast<sdk::ArticleId>(i + 1), {{0, vectors[i]}});
    if (!status.ok()) std::abort();
  }
  c.hnsw_build_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  for (std::size_t i = 0; i < kQueries / 2; ++i) c.queries.push_back(random_unit(rng));
  std::normal_distribution<float> noise(0.0f, 1.0f / std::sqrt(static_cast<float>(kDims)));
  for (std::size_t i = 0; i < kQueries / 2; ++i) {
    auto q = vectors[rng() % n];
    for (auto& x : q) x += noise(rng);  // noise of about unit length: cosine ≈ 0.7 to the original
    search::normalise(q);
    c.queries.push_back(std::move(q));
  }
  return c;
}

double recall_at_k(const std::vector<search::VectorHit>& truth, const std::vector<search::VectorHit>& got) {
  std::set<sdk::ArticleId> want;
  for (const auto& h : truth) want.insert(h.key.article_id);
  std::size_t found = 0;
  for (const auto& h : got) found += want.count(h.key.article_id);
  return want.empty() ? 1.0 : static_cast<double>(found) / static_cast<double>(want.size());
}

void search_bench(benchmark::State& state, std::size_t n, bool use_hnsw) {
  auto& c = corpus(n);
  const auto& index = use_hnsw ? *c.hnsw : *c.exact;
  if (index.stats().hnsw != use_hnsw) {
    state.SkipWithError("the index is not in the expected mode");
    return;
  }
  Latencies latencies;
  latencies.reserve(kQueries);
  std::size_t q = 0;
  for (auto _ : state) {
    const auto& query = c.queries[q++ % c.queries.size()];
    const auto start = std::chrono::steady_clock::now();
    auto hits = index.search(query, kTopK);
    latencies.add(std::chrono::steady_clock::now() - start);
    benchmark::DoNotOptimize(hits);
  }
  // Recall outside the timed loop: the exact answers cost a full scan each.
  // Top-1 of the near queries too: past the one planted neighbour, the other nine of a random set are
  // a near tie, so recall@10 understates how often the answer that matters is found.
  double recall[2] = {0, 0};
  double top1_near = 0;
  for (std::size_t i = 0; i < c.queries.size(); ++i) {
    const auto truth = c.exact->search(c.queries[i], kTopK);
    const auto got = index.search(c.queries[i], kTopK);
    recall[i < kQueries / 2 ? 0 : 1] += recall_at_k(truth, got);
    if (i >= kQueries / 2 && !truth.empty() && !got.empty() && truth[0].key.article_id == got[0].key.article_id)
      top1_near += 1;
  }
  latencies.report(state);
  state.counters["recall10_random"] = recall[0] / static_cast<double>(kQueries / 2);
  state.counters["recall10_near"] = recall[1] / static_cast<double>(kQueries / 2);
  state.counters["top1_near"] = top1_near / static_cast<double>(kQueries / 2);
  state.counters["qps"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["vectors"] = static_cast<double>(n);
  state.counters["memory_MB"] = static_cast<double>(index.stats().memory_bytes) / 1e6;
  if (use_hnsw) state.counters["build_s"] = c.hnsw_build_s;
}

void register_size(std::size_t n, const std::string& label) {
  benchmark::RegisterBenchmark(("vector_search/exact/" + label).c_str(), search_bench, n, false)
      ->Iterations(static_cast<benchmark::IterationCount>(kQueries))
      ->Unit(benchmark::kMicrosecond);
  benchmark::RegisterBenchmark(("vector_search/hnsw/" + label).c_str(), search_bench, n, true)
      ->Iterations(static_cast<benchmark::IterationCount>(kQueries))
      ->Unit(benchmark::kMicrosecond);
}

}  // namespace
}  // namespace vellum::bench

int main(int argc, char** argv) {
  vellum::bench::register_size(10'000, "10k");
  if (const char* big = std::getenv("VELLUM_BENCH_100K"); big && std::string(big) == "1")
    vellum::bench::register_size(100'000, "100k");
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
