// Search latency and recall@10 of the in-memory vector index: exact scan vs HNSW, 768 dimensions.
// Ground truth is the exact index itself (same rows, threshold never reached). Two corpora:
//   random          i.i.d. random unit vectors: every stored vector is about equally far from any
//                   query, the worst case for a graph index and unlike any embedding model's output;
//   embedding-like  unit vectors with a low intrinsic dimension, as text embeddings have: a random
//                   768 x 32 projection of a 32-d Gaussian plus a little isotropic noise.
// Two query sets per corpus, timed together, recall reported apart:
//   fresh  new draws from the corpus's distribution (for `random`, a random unit vector);
//   near   a stored vector plus noise (cosine about 0.7 to it): a query with a clear best answer.
//
//   bench_vector_index                         10k vectors (default)
//   VELLUM_BENCH_100K=1 bench_vector_index     also 100k (the graph build takes minutes on 2 cores)
//   VELLUM_BENCH_EF=32,64,128                  HNSW runs for each ef_search (default: the index's own)
//   VELLUM_BENCH_M / VELLUM_BENCH_EFC          graph options, for tuning (defaults: VectorIndexOptions)
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <sstream>

#include "bench/bench_env.hpp"
#include "bench/latency.hpp"
#include "search/vector_index.hpp"

namespace vellum::bench {
namespace {

constexpr std::uint32_t kDims = 768;
constexpr std::uint32_t kLatentDims = 32;
constexpr std::size_t kQueries = 1000;
constexpr std::size_t kTopK = 10;

enum class Shape { random, embedding_like };

const char* shape_name(Shape shape) { return shape == Shape::random ? "random" : "embedding_like"; }

std::vector<float> gaussian(std::mt19937& rng, std::size_t n) {
  std::normal_distribution<float> gauss;
  std::vector<float> v(n);
  for (auto& x : v) x = gauss(rng);
  return v;
}

// Draws unit vectors of one shape; the projection is fixed per generator, so draws share structure.
class VectorSource {
 public:
  VectorSource(Shape shape, std::uint32_t seed) : shape_(shape), rng_(seed) {
    if (shape_ == Shape::embedding_like) projection_ = gaussian(rng_, static_cast<std::size_t>(kDims) * kLatentDims);
  }

  std::vector<float> draw() {
    if (shape_ == Shape::random) return unit(gaussian(rng_, kDims));
    const auto latent = gaussian(rng_, kLatentDims);
    std::vector<float> v = gaussian(rng_, kDims);
    // Noise at a tenth of the signal's length: the rest of the 768 dimensions are not quite empty.
    for (auto& x : v) x *= 0.1f * std::sqrt(static_cast<float>(kLatentDims));
    for (std::uint32_t d = 0; d < kDims; ++d) {
      const float* row = projection_.data() + static_cast<std::size_t>(d) * kLatentDims;
      for (std::uint32_t l = 0; l < kLatentDims; ++l) v[d] += row[l] * latent[l];
    }
    return unit(std::move(v));
  }

  // `original` moved by noise of about its own length: cosine ≈ 0.7 to it.
  std::vector<float> near(std::vector<float> original) {
    std::normal_distribution<float> noise(0.0f, 1.0f / std::sqrt(static_cast<float>(kDims)));
    for (auto& x : original) x += noise(rng_);
    return unit(std::move(original));
  }

  std::mt19937& rng() { return rng_; }

 private:
  static std::vector<float> unit(std::vector<float> v) {
    search::normalise(v);
    return v;
  }

  Shape shape_;
  std::mt19937 rng_;
  std::vector<float> projection_;
};

search::VectorIndexOptions graph_options(std::size_t threshold) {
  search::VectorIndexOptions options;
  options.hnsw_threshold = threshold;
  options.hnsw_m = env_size("VELLUM_BENCH_M", options.hnsw_m);
  options.hnsw_ef_construction = env_size("VELLUM_BENCH_EFC", options.hnsw_ef_construction);
  return options;
}

// Both indexes over the same vectors, built once per corpus and shared by the exact and HNSW runs.
struct Corpus {
  std::unique_ptr<search::VectorIndex> exact;
  std::unique_ptr<search::VectorIndex> hnsw;
  std::vector<std::vector<float>> queries;  // fresh, then near: kQueries / 2 each
  double hnsw_build_s = 0;
};

Corpus& corpus(std::size_t n, Shape shape) {
  static std::map<std::pair<std::size_t, Shape>, Corpus> built;
  auto& c = built[{n, shape}];
  if (c.exact) return c;
  VectorSource source(shape, static_cast<std::uint32_t>(n));
  c.exact = std::make_unique<search::VectorIndex>(kDims, search::VectorIndexOptions{.hnsw_threshold = SIZE_MAX});
  // Threshold = n: the graph is built, synchronously, by the last insert.
  c.hnsw = std::make_unique<search::VectorIndex>(kDims, graph_options(n));
  std::vector<std::vector<float>> vectors;
  vectors.reserve(n);
  for (std::size_t i = 0; i < n; ++i) vectors.push_back(source.draw());
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
  for (std::size_t i = 0; i < kQueries / 2; ++i) c.queries.push_back(source.draw());
  for (std::size_t i = 0; i < kQueries / 2; ++i) c.queries.push_back(source.near(vectors[source.rng()() % n]));
  return c;
}

double recall_at_k(const std::vector<search::VectorHit>& truth, const std::vector<search::VectorHit>& got) {
  std::set<sdk::ArticleId> want;
  for (const auto& h : truth) want.insert(h.key.article_id);
  std::size_t found = 0;
  for (const auto& h : got) found += want.count(h.key.article_id);
  return want.empty() ? 1.0 : static_cast<double>(found) / static_cast<double>(want.size());
}

struct Run {
  std::size_t n = 0;
  Shape shape = Shape::random;
  bool use_hnsw = false;
  std::size_t ef_search = 0;  // 0 = the index's default
};

void search_bench(benchmark::State& state, Run run) {
  auto& c = corpus(run.n, run.shape);
  auto& index = run.use_hnsw ? *c.hnsw : *c.exact;
  if (index.stats().hnsw != run.use_hnsw) {
    state.SkipWithError("the index is not in the expected mode");
    return;
  }
  const std::size_t ef = run.ef_search != 0 ? run.ef_search : search::VectorIndexOptions{}.hnsw_ef_search;
  if (run.use_hnsw) index.set_hnsw_ef_search(ef);
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
  // Recall outside the timed loop: the exact answers cost a full scan each. Top-1 of the near
  // queries too: the planted neighbour is the answer that matters there.
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
  state.counters["recall10_fresh"] = recall[0] / static_cast<double>(kQueries / 2);
  state.counters["recall10_near"] = recall[1] / static_cast<double>(kQueries / 2);
  state.counters["top1_near"] = top1_near / static_cast<double>(kQueries / 2);
  state.counters["qps"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["memory_MB"] = static_cast<double>(index.stats().memory_bytes) / 1e6;
  if (run.use_hnsw) {
    state.counters["ef_search"] = static_cast<double>(ef);
    state.counters["build_s"] = c.hnsw_build_s;
  }
}

std::vector<std::size_t> ef_values() {
  std::vector<std::size_t> values;
  const char* list = std::getenv("VELLUM_BENCH_EF");
  std::stringstream in(list ? list : "");
  for (std::string item; std::getline(in, item, ',');) {
    if (const auto ef = std::strtoull(item.c_str(), nullptr, 10); ef > 0) values.push_back(ef);
  }
  if (values.empty()) values.push_back(0);
  return values;
}

void register_size(std::size_t n, const std::string& label) {
  for (Shape shape : {Shape::random, Shape::embedding_like}) {
    const std::string prefix = std::string("vector_search/") + shape_name(shape) + "/" + label;
    benchmark::RegisterBenchmark((prefix + "/exact").c_str(), search_bench, Run{n, shape, false, 0})
        ->Iterations(static_cast<benchmark::IterationCount>(kQueries))
        ->Unit(benchmark::kMicrosecond);
    for (std::size_t ef : ef_values()) {
      const std::string name = prefix + "/hnsw" + (ef != 0 ? "/ef" + std::to_string(ef) : "");
      benchmark::RegisterBenchmark(name.c_str(), search_bench, Run{n, shape, true, ef})
          ->Iterations(static_cast<benchmark::IterationCount>(kQueries))
          ->Unit(benchmark::kMicrosecond);
    }
  }
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
