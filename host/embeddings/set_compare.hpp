// How much a new model changes answers, before it serves them: the same queries against two
// embedding sets, each embedded by its own set's provider, compared by the articles each returns.
// overlap@k: the share of one top-k also in the other; rank shift: how far an article both return
// moved, on average. (`vellum embeddings compare`.)
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "vellum/sdk/embedding.hpp"
#include "vellum/sdk/storage.hpp"

namespace vellum::embeddings {

struct ComparedSet {
  sdk::EmbeddingSet set;
  std::shared_ptr<sdk::EmbeddingProvider> provider;
};

struct QueryComparison {
  std::string query;
  std::vector<sdk::ArticleId> first;   // top k of the first set, best first
  std::vector<sdk::ArticleId> second;  // top k of the second
  double overlap = 0;                  // |first ∩ second| / k
  std::optional<double> rank_shift;    // mean |rank in first − rank in second| over shared articles
};

struct Comparison {
  std::vector<QueryComparison> queries;
  double mean_overlap = 0;
  std::optional<double> mean_rank_shift;  // over the queries with a shared article
};

// The titles of up to `count` articles spread over the whole collection (no_rag ones left out): the
// queries used when the operator gives none.
[[nodiscard]] sdk::Result<std::vector<std::string>> sample_titles(sdk::StorageBackend& storage, std::size_t count);

[[nodiscard]] sdk::Result<Comparison> compare_sets(sdk::StorageBackend& storage, const ComparedSet& first,
                                                   const ComparedSet& second, const std::vector<std::string>& queries,
                                                   std::size_t k);

}  // namespace vellum::embeddings
