#include "search/hnsw_graph.hpp"

// hnswlib 0.6.2 (Debian 12) prefetches the neighbour after the last one of a link list: with a full
// upper-layer list that reads past its allocation (AddressSanitizer: heap-buffer-overflow in
// searchBaseLayer). Its SSE paths are the only users of those prefetches, and our distance is our
// own (below), so they are compiled out.
#define NO_MANUAL_VECTORIZATION
#include <hnswlib/hnswlib.h>

#include <algorithm>
#include <atomic>
#include <thread>

namespace vellum::search {

namespace {

// hnswlib picks its SIMD kernels when it is compiled: SSE for a portable x86-64 build. Our own
// distance is compiled twice instead, for AVX2+FMA and for the baseline, and the loader picks the
// one the CPU runs (an ifunc).
#if defined(__x86_64__)
__attribute__((target_clones("arch=x86-64-v3", "default")))
#endif
float unit_vector_distance(const void* a, const void* b, const void* dimensions) {
  const auto* x = static_cast<const float*>(a);
  const auto* y = static_cast<const float*>(b);
  const std::size_t n = *static_cast<const std::size_t*>(dimensions);
  float sum = 0.0f;
#pragma omp simd reduction(+ : sum)
  for (std::size_t i = 0; i < n; ++i) sum += x[i] * y[i];
  return 1.0f - sum;  // rows are unit vectors: 1 - cosine, smaller is nearer
}

class UnitVectorSpace final : public hnswlib::SpaceInterface<float> {
 public:
  explicit UnitVectorSpace(std::size_t dimensions) : dimensions_(dimensions) {}
  std::size_t get_data_size() override { return dimensions_ * sizeof(float); }
  hnswlib::DISTFUNC<float> get_dist_func() override { return &unit_vector_distance; }
  void* get_dist_func_param() override { return &dimensions_; }

 private:
  std::size_t dimensions_;
};

}  // namespace

struct HnswGraph::Impl {
  Impl(std::uint32_t dimensions, std::size_t capacity, std::size_t m, std::size_t ef_construction)
      : space(dimensions), graph(&space, capacity, m, ef_construction) {}
  UnitVectorSpace space;
  hnswlib::HierarchicalNSW<float> graph;
  std::size_t capacity = 0;
  std::size_t m = 16;
  std::uint32_t dimensions = 0;
};

HnswGraph::HnswGraph(std::uint32_t dimensions, std::size_t capacity, std::size_t m, std::size_t ef_construction,
                     std::size_t ef_search)
    : impl_(std::make_unique<Impl>(dimensions, std::max<std::size_t>(capacity, 1024), m, ef_construction)) {
  impl_->capacity = std::max<std::size_t>(capacity, 1024);
  impl_->m = m;
  impl_->dimensions = dimensions;
  impl_->graph.setEf(ef_search);
}

HnswGraph::~HnswGraph() = default;

void HnswGraph::add(RowId row, std::span<const float> vector) {
  if (impl_->graph.cur_element_count >= impl_->capacity) {
    impl_->capacity *= 2;
    impl_->graph.resizeIndex(impl_->capacity);
  }
  impl_->graph.addPoint(vector.data(), row);
}

void HnswGraph::add_parallel(const std::vector<std::pair<RowId, std::vector<float>>>& rows, unsigned threads) {
  const std::size_t needed = impl_->graph.cur_element_count + rows.size();
  if (needed > impl_->capacity) {
    impl_->capacity = std::max(needed, impl_->capacity * 2);
    impl_->graph.resizeIndex(impl_->capacity);
  }
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t i = next++; i < rows.size(); i = next++) impl_->graph.addPoint(rows[i].second.data(), rows[i].first);
  };
  std::vector<std::jthread> helpers;
  for (unsigned t = 1; t < std::max(threads, 1u); ++t) helpers.emplace_back(work);
  work();
}

void HnswGraph::set_ef_search(std::size_t ef) { impl_->graph.setEf(ef); }

void HnswGraph::remove(RowId row) {
  try {
    impl_->graph.markDelete(row);
  } catch (const std::exception&) {
    // Not in the graph (added and removed while it was being built): nothing to forget.
  }
}

std::vector<std::pair<RowId, float>> HnswGraph::search(std::span<const float> query, std::size_t k) const {
  std::vector<std::pair<RowId, float>> out;
  if (k == 0 || impl_->graph.cur_element_count == 0) return out;
  auto found = impl_->graph.searchKnn(query.data(), k);
  out.reserve(found.size());
  while (!found.empty()) {
    // hnswlib's inner-product distance is 1 - dot.
    out.emplace_back(static_cast<RowId>(found.top().second), 1.0f - found.top().first);
    found.pop();
  }
  std::reverse(out.begin(), out.end());
  return out;
}

std::size_t HnswGraph::memory_bytes() const noexcept {
  const auto& g = impl_->graph;
  return g.max_elements_ * g.size_data_per_element_ + g.max_elements_ * sizeof(void*) * 2;
}

}  // namespace vellum::search
