#include "search/vector_index.hpp"

#include <algorithm>
#include <thread>

#include "search/hnsw_graph.hpp"

namespace vellum::search {

VectorIndex::VectorIndex(std::uint32_t dimensions, VectorIndexOptions options)
    : dimensions_(dimensions), options_(options), rows_(dimensions) {}

VectorIndex::~VectorIndex() = default;

sdk::Status VectorIndex::check_dimensions(const std::vector<IndexedVector>& vectors) const {
  for (const auto& v : vectors) {
    if (v.vector.size() != dimensions_) {
      return sdk::Error(sdk::ErrorKind::bad_dimension, "vector of " + std::to_string(v.vector.size()) +
                                                           " dimensions for an index of " + std::to_string(dimensions_));
    }
  }
  return {};
}

void VectorIndex::replace_locked(sdk::ArticleId article, const std::vector<IndexedVector>& vectors) {
  auto& rows = rows_by_article_[article];
  for (RowId row : rows) {
    rows_.remove(row);
    if (graph_) graph_->remove(row);
    if (building_) changes_during_build_.emplace_back(row, false);
  }
  rows.clear();
  for (const auto& v : vectors) {
    const RowId row = rows_.add({article, v.chunk_index}, v.vector);
    rows.push_back(row);
    if (graph_) graph_->add(row, rows_.vector(row));
    if (building_) changes_during_build_.emplace_back(row, true);
  }
  if (rows.empty()) rows_by_article_.erase(article);
}

sdk::Status VectorIndex::replace_article(sdk::ArticleId article, const std::vector<IndexedVector>& vectors) {
  if (auto valid = check_dimensions(vectors); !valid) return valid;
  {
    std::unique_lock lock(mutex_);
    replace_locked(article, vectors);
  }
  maybe_build_graph();
  return {};
}

sdk::Result<bool> VectorIndex::replace_article_at(sdk::ArticleId article, std::int64_t seq,
                                                  const std::vector<IndexedVector>& vectors) {
  if (auto valid = check_dimensions(vectors); !valid) return std::move(valid).error();
  {
    std::unique_lock lock(mutex_);
    auto& known = seq_by_article_[article];
    if (seq < known) return false;
    known = seq;
    replace_locked(article, vectors);
  }
  maybe_build_graph();
  return true;
}

std::int64_t VectorIndex::article_seq(sdk::ArticleId article) const {
  std::shared_lock lock(mutex_);
  auto it = seq_by_article_.find(article);
  return it == seq_by_article_.end() ? 0 : it->second;
}

void VectorIndex::remove_article(sdk::ArticleId article) { (void)replace_article(article, {}); }

std::vector<VectorHit> VectorIndex::search(std::span<const float> query, std::size_t k,
                                           const ArticlePredicate& accept) const {
  std::vector<VectorHit> hits;
  if (query.size() != dimensions_ || k == 0) return hits;
  std::vector<float> normalised(query.begin(), query.end());
  normalise(normalised);

  std::shared_lock lock(mutex_);
  auto collect = [&](const std::vector<std::pair<RowId, float>>& found) {
    hits.clear();
    for (const auto& [row, score] : found) {
      if (!rows_.live(row)) continue;
      const auto& key = rows_.key(row);
      if (accept && !accept(key.article_id)) continue;
      hits.push_back({key, score});
      if (hits.size() == k) break;
    }
  };
  if (graph_) {
    // The graph cannot filter; fetch more than asked and filter, and fall back to the exact scan when
    // a narrow filter leaves too few. How wide the graph searches is ef_search (hnswlib uses the larger
    // of it and the count asked for).
    collect(graph_->search(normalised, k * 4));
    if (hits.size() == k || hits.size() == rows_.live_count()) return hits;
  }
  const std::function<bool(RowId)> row_filter =
      accept ? std::function<bool(RowId)>([&](RowId row) { return accept(rows_.key(row).article_id); })
             : std::function<bool(RowId)>();
  collect(rows_.exact_search(normalised, k, row_filter));
  return hits;
}

IndexStats VectorIndex::stats() const {
  std::shared_lock lock(mutex_);
  return {rows_.live_count(), rows_by_article_.size(),
          rows_.memory_bytes() + (graph_ ? graph_->memory_bytes() : 0), graph_ != nullptr};
}

void VectorIndex::set_hnsw_ef_search(std::size_t ef) {
  std::unique_lock lock(mutex_);
  options_.hnsw_ef_search = ef;
  if (graph_) graph_->set_ef_search(ef);
}

void VectorIndex::maybe_build_graph() {
  std::unique_lock build_lock(build_mutex_, std::try_to_lock);
  if (!build_lock.owns_lock()) return;  // another writer is already building it

  std::vector<std::pair<RowId, std::vector<float>>> snapshot;
  std::size_t ef_search = 0;
  {
    std::unique_lock lock(mutex_);
    if (graph_ || building_ || rows_.live_count() < options_.hnsw_threshold) return;
    ef_search = options_.hnsw_ef_search;
    building_ = true;
    changes_during_build_.clear();
    snapshot.reserve(rows_.live_count());
    for (RowId row = 0; row < rows_.capacity_rows(); ++row) {
      if (rows_.live(row)) snapshot.emplace_back(row, std::vector<float>(rows_.vector(row).begin(), rows_.vector(row).end()));
    }
  }
  // Room for a quarter more rows before the first resize (which doubles): hnswlib keeps a copy of
  // each vector, so spare capacity costs a vector's size per row.
  auto graph = std::make_unique<HnswGraph>(dimensions_, snapshot.size() + snapshot.size() / 4, options_.hnsw_m,
                                           options_.hnsw_ef_construction, ef_search);
  const unsigned threads = options_.hnsw_build_threads != 0 ? options_.hnsw_build_threads
                                                             : std::max(1u, std::thread::hardware_concurrency());
  graph->add_parallel(snapshot, threads);

  std::unique_lock lock(mutex_);
  for (const auto& [row, added] : changes_during_build_) {
    if (added && rows_.live(row)) {
      graph->add(row, rows_.vector(row));
    } else if (!added) {
      graph->remove(row);
    }
  }
  changes_during_build_.clear();
  building_ = false;
  graph->set_ef_search(options_.hnsw_ef_search);  // may have changed during the build
  graph_ = std::move(graph);
}

}  // namespace vellum::search
