// The in-memory vector index of one embedding set: exact search over contiguous rows, and an HNSW
// graph (hnswlib) once the set grows past a threshold. Thread-safe: many searches run at once; a
// writer replaces one article's vectors at a time. The graph is built off the lock from a snapshot
// and the changes made meanwhile are replayed, so building it never stalls searches.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <span>
#include <unordered_map>
#include <vector>

#include "common/rw_mutex.hpp"
#include "search/vector_rows.hpp"
#include "vellum/sdk/result.hpp"

namespace vellum::search {

struct VectorIndexOptions {
  std::size_t hnsw_threshold = 20000;  // live vectors past which the graph is built
  std::size_t hnsw_m = 16;
  std::size_t hnsw_ef_construction = 100;
  std::size_t hnsw_ef_search = 128;  // recall@10 0.95 at 100k embedding-like vectors (tests/bench)
  unsigned hnsw_build_threads = 0;  // 0 = every core: the build runs once, in the background
};

struct IndexedVector {
  std::int32_t chunk_index = 0;
  std::span<const float> vector;
};

// Which articles a search may return (folder, public…), decided by the caller.
using ArticlePredicate = std::function<bool(sdk::ArticleId)>;

struct IndexStats {
  std::size_t vectors = 0;
  std::size_t articles = 0;
  std::size_t memory_bytes = 0;
  bool hnsw = false;
};

class HnswGraph;

class VectorIndex {
 public:
  VectorIndex(std::uint32_t dimensions, VectorIndexOptions options = {});
  ~VectorIndex();

  [[nodiscard]] std::uint32_t dimensions() const noexcept { return dimensions_; }
  // Replaces every vector of `article` (none = removes it). Vectors of the wrong size are refused.
  sdk::Status replace_article(sdk::ArticleId article, const std::vector<IndexedVector>& vectors);
  // The same, for a state read from storage whose change-feed sequence is `seq`: applied only when it
  // is not older than what the article already holds, so a slow reader (the change-feed follower)
  // never undoes a newer write. Answers false when skipped.
  sdk::Result<bool> replace_article_at(sdk::ArticleId article, std::int64_t seq,
                                       const std::vector<IndexedVector>& vectors);
  // The change-feed sequence of the article's indexed state; 0 when never recorded.
  [[nodiscard]] std::int64_t article_seq(sdk::ArticleId article) const;
  void remove_article(sdk::ArticleId article);
  // The k best chunks for `query` among articles `accept` lets through (all when empty).
  [[nodiscard]] std::vector<VectorHit> search(std::span<const float> query, std::size_t k,
                                              const ArticlePredicate& accept = {}) const;
  [[nodiscard]] IndexStats stats() const;
  // Changes the graph's search breadth (recall against latency) of this index, now and after rebuilds.
  void set_hnsw_ef_search(std::size_t ef);

 private:
  void maybe_build_graph();
  sdk::Status check_dimensions(const std::vector<IndexedVector>& vectors) const;
  void replace_locked(sdk::ArticleId article, const std::vector<IndexedVector>& vectors);  // mutex_ held

  std::uint32_t dimensions_;
  VectorIndexOptions options_;
  mutable WriterPreferringMutex mutex_;  // searches must not starve the indexer
  VectorRows rows_;
  std::unordered_map<sdk::ArticleId, std::vector<RowId>> rows_by_article_;
  // Kept after an article's vectors go: a stale read of a removed article must stay refused.
  std::unordered_map<sdk::ArticleId, std::int64_t> seq_by_article_;
  std::unique_ptr<HnswGraph> graph_;
  // While a graph is being built from a snapshot: rows changed since, replayed when it is installed.
  bool building_ = false;
  std::vector<std::pair<RowId, bool>> changes_during_build_;  // (row, added)
  std::mutex build_mutex_;
};

}  // namespace vellum::search
