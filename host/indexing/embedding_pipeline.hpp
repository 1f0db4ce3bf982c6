// The host's indexing pipeline — what every queue strategy calls to do the work:
// load each article by id → skip no_rag or deleted ones (their vectors are removed) → chunk →
// reuse the vectors of unchanged chunks (same content hash) → embed the rest in as few provider
// calls as the provider's limits allow → replace the article's chunks in one transaction → update
// the in-memory index. Any failure fails that article's attempt and leaves its old vectors in place.
#pragma once

#include <atomic>
#include <mutex>
#include <optional>
#include <string>

#include "plugins/runtime.hpp"
#include "search/index_registry.hpp"
#include "vellum/sdk/queue.hpp"

namespace vellum::indexing {

struct PipelineSettings {
  std::size_t chunk_tokens = 500;
  std::size_t chunk_overlap_tokens = 50;
};

class EmbeddingPipeline final : public sdk::QueueHost {
 public:
  EmbeddingPipeline(const plugins::RuntimeHolder& runtime, search::IndexRegistry& indexes, PipelineSettings settings,
                    std::string worker_identity);

  [[nodiscard]] std::shared_ptr<sdk::StorageBackend> storage() override;
  [[nodiscard]] std::vector<sdk::IndexOutcome> index_articles(std::span<const sdk::ArticleId> ids,
                                                              std::stop_token stop) override;
  [[nodiscard]] std::string worker_identity() const override { return worker_identity_; }

  // The embedding set of the active provider in the active storage (created on first use).
  [[nodiscard]] sdk::Result<sdk::EmbeddingSet> active_set();

 private:
  const plugins::RuntimeHolder& runtime_;
  search::IndexRegistry& indexes_;
  PipelineSettings settings_;
  std::string worker_identity_;
  // The set of the last (backend, provider, model, dimensions) asked for: every search and batch needs
  // it, and looking it up is a write transaction (find_or_create), so it is not repeated per call.
  struct CachedSet {
    const sdk::StorageBackend* storage = nullptr;
    std::string provider;
    std::string model;
    std::uint32_t dimensions = 0;
    sdk::EmbeddingSet set;
  };
  std::mutex cache_mutex_;
  std::optional<CachedSet> cached_set_;
};

}  // namespace vellum::indexing
