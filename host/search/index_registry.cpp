#include "search/index_registry.hpp"

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
      while (end < chunks.size() && chunks[end].article_id == chunks[begin].article_id) {
        vectors.push_back({chunks[end].chunk_index, chunks[end].vector});
        ++end;
      }
      if (auto replaced = index.replace_article(chunks[begin].article_id, vectors); !replaced) return replaced;
      begin = end;
    }
    after = chunks.back().article_id;
  }
}

void IndexRegistry::bind(const sdk::StorageBackend& storage) {
  if (storage_ != &storage) {
    indexes_.clear();
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
  auto index = std::make_shared<VectorIndex>(set.dimensions, options_);
  if (auto loaded = load_index(storage, set.id, *index); !loaded) {
    return loaded.error().with_context("loading the vector index of embedding set " + std::to_string(set.id));
  }
  std::lock_guard lock(mutex_);
  bind(storage);
  return indexes_.emplace(set.id, index).first->second;  // a concurrent loader may have won: same data
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

}  // namespace vellum::search
