// One in-memory vector index per embedding set, loaded from storage on first use and kept current
// by the indexing pipeline. Bound to one storage backend: a hot swap to another database starts over.
#pragma once

#include <map>
#include <memory>
#include <mutex>

#include "search/vector_index.hpp"
#include "vellum/sdk/storage.hpp"

namespace vellum::search {

class IndexRegistry {
 public:
  explicit IndexRegistry(VectorIndexOptions options = {}) : options_(options) {}

  // The index of `set` in `storage`, loading it (all the set's chunks) when first asked.
  [[nodiscard]] sdk::Result<std::shared_ptr<VectorIndex>> get(sdk::StorageBackend& storage,
                                                              const sdk::EmbeddingSet& set);
  // Already-loaded indexes only; nullptr when `set` was never loaded from `storage`.
  [[nodiscard]] std::shared_ptr<VectorIndex> loaded(const sdk::StorageBackend& storage, sdk::EmbeddingSetId set) const;
  [[nodiscard]] std::map<sdk::EmbeddingSetId, IndexStats> stats() const;
  // The loaded sets of `storage`, each with the change-feed sequence read just before its load began:
  // changes after it may have been missed by the load and are replayed by the change-feed follower.
  [[nodiscard]] std::map<sdk::EmbeddingSetId, std::int64_t> loaded_sets(const sdk::StorageBackend& storage) const;

 private:
  void bind(const sdk::StorageBackend& storage);  // caller holds mutex_

  VectorIndexOptions options_;
  mutable std::mutex mutex_;
  const sdk::StorageBackend* storage_ = nullptr;
  std::map<sdk::EmbeddingSetId, std::shared_ptr<VectorIndex>> indexes_;
  std::map<sdk::EmbeddingSetId, std::int64_t> loaded_from_seq_;
};

// Reads every chunk of `set` from storage into `index`, each article tagged with its change-feed sequence.
[[nodiscard]] sdk::Status load_index(sdk::StorageBackend& storage, sdk::EmbeddingSetId set, VectorIndex& index);

}  // namespace vellum::search
