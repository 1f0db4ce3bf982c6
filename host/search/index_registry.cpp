#include "search/index_registry.hpp"

#include <algorithm>

namespace vellum::search {

namespace {
constexpr std::size_t kArticlesPerScan = 256;
}

sdk::Status load_index(sdk::StorageBackend& storage, sdk::EmbeddingSetId set, VectorIndex& index) {
  sdk::ArticleId after = 0;
  for (;;) {
    std::vector<sdk::Chunk> chunks;
    auto read = storage.read([&](sdk::Repositories& repos) -> sdk::Status {
      auto scanned = repos.chunks().scan(set, after, kArticlesPerScan);
      if (!scanned) return std::move(scanned).error();
      chunks = std::move(scanned).value();
      return {};
    });
    if (!read) return read;
    if (chunks.empty()) return {};
    std::size_t begin = 0;
    while (begin < chunks.size()) {
      std::size_t end = begin;
      std::vector<IndexedVector> vectors;
      std::int64_t seq = 0;
      while (end < chunks.size() && chunks[end].article_id == chunks[begin].article_id) {
        vectors.push_back({chunks[end].chunk_index, chunks[end].vector});
        seq = std::max(seq, chunks[end].seq);
        ++end;
      }
      auto replaced = index.replace_article_at(chunks[begin].article_id, seq, vectors);
      if (!replaced) return std::move(replaced).error();
      begin = end;
    }
    after = chunks.back().article_id;
  }
}

void IndexRegistry::bind(const sdk::StorageBackend& storage) {
  if (storage_ != &storage) {
    indexes_.clear();
    loaded_from_seq_.clear();
    storage_ = &storage;
  }
}

sdk::Result<std::shared_ptr<VectorIndex>> IndexRegistry::get(sdk::StorageBackend& storage,
                                                             const sdk::EmbeddingSet& set) {
  {
    std::lock_guard lock(mutex_);
    bind(storage);
    if (auto it = indexes_.find(set.id); it != indexes_.end()) return it->second;
  }
  // Loaded outside the lock: a large set takes a while and other sets stay usable meanwhile.
  std::int64_t from_seq = 0;
  auto seq_read = storage.read([&](sdk::Repositories& repos) -> sdk::Status {
    auto latest = repos.chunks().latest_change_seq();
    if (!latest) return std::move(latest).error();
    from_seq = latest.value();
    return {};
  });
  if (!seq_read) return seq_read.error().with_context("reading the change feed before loading the vector index");
  auto index = std::make_shared<VectorIndex>(set.dimensions, options_);
  if (auto loaded = load_index(storage, set.id, *index); !loaded) {
    return loaded.error().with_context("loading the vector index of embedding set " + std::to_string(set.id));
  }
  std::lock_guard lock(mutex_);
  bind(storage);
  auto [it, inserted] = indexes_.emplace(set.id, index);  // a concurrent loader may have won: same data
  if (inserted) loaded_from_seq_[set.id] = from_seq;
  return it->second;
}

std::shared_ptr<VectorIndex> IndexRegistry::loaded(const sdk::StorageBackend& storage, sdk::EmbeddingSetId set) const {
  std::lock_guard lock(mutex_);
  if (storage_ != &storage) return nullptr;
  auto it = indexes_.find(set);
  return it == indexes_.end() ? nullptr : it->second;
}

std::map<sdk::EmbeddingSetId, IndexStats> IndexRegistry::stats() const {
  std::lock_guard lock(mutex_);
  std::map<sdk::EmbeddingSetId, IndexStats> out;
  for (const auto& [id, index] : indexes_) out.emplace(id, index->stats());
  return out;
}

std::map<sdk::EmbeddingSetId, std::int64_t> IndexRegistry::loaded_sets(const sdk::StorageBackend& storage) const {
  std::lock_guard lock(mutex_);
  if (storage_ != &storage) return {};
  return loaded_from_seq_;
}

}  // namespace vellum::search
