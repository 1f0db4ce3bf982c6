// A thin owner of an hnswlib graph over inner-product space (our rows are unit vectors, so inner
// product ranks like cosine). Labels are row ids. Not thread-safe: VectorIndex guards it.
#pragma once

#include <memory>
#include <utility>
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
  // Adds every row of `rows` on up to `threads` threads (hnswlib locks per node, so inserts of
  // distinct rows may run at once). Grows the graph first: resizing is not thread-safe.
  void add_parallel(const std::vector<std::pair<RowId, std::vector<float>>>& rows, unsigned threads);
  void remove(RowId row);
  // Up to k rows, best first, with their cosine scores.
  [[nodiscard]] std::vector<std::pair<RowId, float>> search(std::span<const float> query, std::size_t k) const;
  [[nodiscard]] std::size_t memory_bytes() const noexcept;
  // Candidates kept while searching: recall against latency. Never below k.
  void set_ef_search(std::size_t ef);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace vellum::search
