// Search by keyword (the backend's full-text index), by meaning (the active provider's embedding of
// the query against the active set's vector index) or both, fused by reciprocal rank. One best chunk
// per article. When the provider is down, semantic search fails with the reason and hybrid search
// answers from keywords alone and says so (`degraded`) — never silently: each such search counts in
// vellum_search_semantic_failures_total{mode,kind} and the log says so, once per ten seconds.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "metrics/metric_registry.hpp"
#include "plugins/runtime.hpp"
#include "search/index_registry.hpp"

namespace vellum::search {

enum class SearchMode { semantic, keyword, hybrid };

struct SearchQuery {
  std::string text;
  std::size_t k = 5;
  SearchMode mode = SearchMode::hybrid;
  std::optional<std::string> folder;  // "" = root only; "a" = a and its subfolders
  bool public_only = false;
};

struct SearchHit {
  sdk::ArticleSummary article;
  std::string chunk_id;
  std::int32_t chunk_index = 0;
  std::vector<std::string> heading_path;
  std::string text;     // the chunk's text
  std::string snippet;  // a short excerpt for display
  double score = 0;              // 0–1: semantic, the cosine similarity; otherwise `fusion` over its best possible value
  std::optional<double> fusion;  // keyword and hybrid: the reciprocal-rank fusion value the order follows
  bool keyword_match = false;
  bool semantic_match = false;
};

struct SearchResponse {
  std::vector<SearchHit> hits;
  SearchMode mode = SearchMode::hybrid;
  std::optional<sdk::EmbeddingSet> answered_by;  // the set of the semantic half (not in keyword mode)
  bool degraded = false;  // hybrid answered without its semantic half, or the set lacks articles
  std::string degraded_reason;  // why, as a classification ("semantic search unavailable (transient, retryable)")
};

struct SearchSettings {
  double rrf_k = 60;               // reciprocal-rank constant: 1 / (rrf_k + rank)
  std::size_t candidates_per_k = 4;  // each half fetches k * this before fusion
};

class SearchService {
 public:
  SearchService(const plugins::RuntimeHolder& runtime, IndexRegistry& indexes, metrics::Registry& metrics,
                SearchSettings settings = {});

  // invalid_argument for an empty query or k outside 1..100; unavailable when semantic search cannot run.
  [[nodiscard]] sdk::Result<SearchResponse> search(const SearchQuery& query);

 private:
  const plugins::RuntimeHolder& runtime_;
  IndexRegistry& indexes_;
  metrics::Registry& metrics_;
  SearchSettings settings_;
};

[[nodiscard]] std::optional<SearchMode> parse_search_mode(std::string_view text);
[[nodiscard]] std::string_view to_string(SearchMode mode);

}  // namespace vellum::search
