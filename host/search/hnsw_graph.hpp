// A thin owner of an hnswlib graph over inner-product space (our rows are unit vectors, so inner
// product ranks like cosine). Labels are row ids. Not thread-safe: VectorIndex guards it.
#pragma once

#include <memory>
#include <span>
#include <vector>

#include "search/vector_rows.hpp"

namespace vellum::search {

class HnswGraph {
 public:
  HnswGraph(std::uint32_t dimensions, std::size_t capacity, std::size_t m, std::size_t ef_construction,
            std::size_t ef_search);
  ~HnswGraph();

  void add(RowId row, std::span<const float> vector);  // re-adding a removed row revives it
  void remove(RowId row);
  // Up to k rows, best first, with their cosine scores.
  [[nodiscard]] std::vector<std::pair<RowId, float>> search(std::span<const float> query, std::size_t k) const;
  [[nodiscard]] std::size_t memory_bytes() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace vellum::search
