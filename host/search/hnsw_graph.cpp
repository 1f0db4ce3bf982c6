#include "search/hnsw_graph.hpp"

#include <hnswlib/hnswlib.h>

#include <algorithm>

namespace vellum::search {

struct HnswGraph::Impl {
  Impl(std::uint32_t dimensions, std::size_t capacity, std::size_t m, std::size_t ef_construction)
      : space(dimensions), graph(&space, capacity, m, ef_construction) {}
  hnswlib::InnerProductSpace space;
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
