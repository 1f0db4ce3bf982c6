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
  [[nodiscard]] std::vector<sdk::IndexOutcome> index_requests(std::span<const sdk::IndexRequest> requests,
                                                              std::stop_token stop) override;
  [[nodiscard]] std::string worker_identity() const override { return worker_identity_; }

  // The set search uses, as the current runtime snapshot holds it.
  [[nodiscard]] sdk::Result<sdk::EmbeddingSet> active_set() const;

 private:
  // Indexes `ids` into one lane's set with that lane's provider; one outcome per id, in order.
  std::vector<sdk::IndexOutcome> index_into(const plugins::Runtime& runtime, const plugins::EmbeddingLane& lane,
                                            std::span<const sdk::ArticleId> ids, std::stop_token stop);

  const plugins::RuntimeHolder& runtime_;
  search::IndexRegistry& indexes_;
  PipelineSettings settings_;
  std::string worker_identity_;
};

}  // namespace vellum::indexing
