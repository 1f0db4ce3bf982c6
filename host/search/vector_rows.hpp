// Vectors of one embedding set as contiguous float32 rows, normalised on insert so a dot product is
// the cosine similarity. Exact search is a linear scan the compiler vectorises (-fopenmp-simd): about
// 25 ms per query for 100k x 768 on this machine's class of CPU, so it serves small and medium sets.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "vellum/sdk/types.hpp"

namespace vellum::search {

using RowId = std::uint32_t;

struct RowKey {
  sdk::ArticleId article_id = 0;
  std::int32_t chunk_index = 0;
};

struct VectorHit {
  RowKey key;
  float score = 0;  // cosine similarity, -1..1
};

class VectorRows {
 public:
  explicit VectorRows(std::uint32_t dimensions) : dimensions_(dimensions) {}

  [[nodiscard]] std::uint32_t dimensions() const noexcept { return dimensions_; }
  // Stores a copy of `vector`, normalised; reuses a freed row when there is one.
  RowId add(RowKey key, std::span<const float> vector);
  void remove(RowId row);
  [[nodiscard]] bool live(RowId row) const noexcept { return row < live_.size() && live_[row]; }
  [[nodiscard]] const RowKey& key(RowId row) const { return keys_[row]; }
  [[nodiscard]] std::span<const float> vector(RowId row) const {
    return {data_.data() + static_cast<std::size_t>(row) * dimensions_, dimensions_};
  }
  [[nodiscard]] std::size_t live_count() const noexcept { return live_count_; }
  [[nodiscard]] std::size_t capacity_rows() const noexcept { return keys_.size(); }
  [[nodiscard]] std::size_t memory_bytes() const noexcept;

  // The k best live rows for `query` (already normalised) among those `accept` lets through.
  [[nodiscard]] std::vector<std::pair<RowId, float>> exact_search(std::span<const float> query, std::size_t k,
                                                                  const std::function<bool(RowId)>& accept) const;

 private:
  std::uint32_t dimensions_;
  std::vector<float> data_;
  std::vector<RowKey> keys_;
  std::vector<bool> live_;
  std::vector<RowId> free_;
  std::size_t live_count_ = 0;
};

// Scales `vector` to unit length in place (a zero vector stays zero).
void normalise(std::span<float> vector);
[[nodiscard]] float dot(std::span<const float> a, std::span<const float> b);

}  // namespace vellum::search
