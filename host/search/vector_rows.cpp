#include "search/vector_rows.hpp"

#include <algorithm>
#include <cmath>
#include <queue>

namespace vellum::search {

float dot(std::span<const float> a, std::span<const float> b) {
  float sum = 0.0f;
  const float* pa = a.data();
  const float* pb = b.data();
  const std::size_t n = a.size();
#pragma omp simd reduction(+ : sum)
  for (std::size_t i = 0; i < n; ++i) sum += pa[i] * pb[i];
  return sum;
}

void normalise(std::span<float> vector) {
  const float norm = std::sqrt(dot(vector, vector));
  if (norm <= 0.0f || !std::isfinite(norm)) return;
  for (float& v : vector) v /= norm;
}

RowId VectorRows::add(RowKey key, std::span<const float> vector) {
  RowId row;
  if (!free_.empty()) {
    row = free_.back();
    free_.pop_back();
    keys_[row] = key;
    live_[row] = true;
  } else {
    row = static_cast<RowId>(keys_.size());
    keys_.push_back(key);
    live_.push_back(true);
    data_.resize(data_.size() + dimensions_);
  }
  float* target = data_.data() + static_cast<std::size_t>(row) * dimensions_;
  std::copy(vector.begin(), vector.end(), target);
  normalise({target, dimensions_});
  ++live_count_;
  return row;
}

void VectorRows::remove(RowId row) {
  if (!live(row)) return;
  live_[row] = false;
  free_.push_back(row);
  --live_count_;
}

std::size_t VectorRows::memory_bytes() const noexcept {
  return data_.capacity() * sizeof(float) + keys_.capacity() * sizeof(RowKey) + live_.capacity() / 8 +
         free_.capacity() * sizeof(RowId);
}

std::vector<std::pair<RowId, float>> VectorRows::exact_search(std::span<const float> query, std::size_t k,
                                                              const std::function<bool(RowId)>& accept) const {
  // A min-heap of the best k so far: one pass, O(n log k).
  using Entry = std::pair<float, RowId>;
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> best;
  for (RowId row = 0; row < keys_.size(); ++row) {
    if (!live_[row] || (accept && !accept(row))) continue;
    const float score = dot(query, vector(row));
    if (best.size() < k) {
      best.emplace(score, row);
    } else if (k > 0 && score > best.top().first) {
      best.pop();
      best.emplace(score, row);
    }
  }
  std::vector<std::pair<RowId, float>> out;
  out.reserve(best.size());
  while (!best.empty()) {
    out.emplace_back(best.top().second, best.top().first);
    best.pop();
  }
  std::reverse(out.begin(), out.end());
  return out;
}

}  // namespace vellum::search
