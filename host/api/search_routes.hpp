// GET /api/search, GET /api/rag/status, POST /api/rag/index-unindexed (api-spec §4.3, issue 4).
#pragma once

#include "api/routes.hpp"
#include "indexing/embedding_pipeline.hpp"
#include "search/search_service.hpp"

namespace vellum::api {

struct SearchServices {
  search::SearchService& search;
  indexing::EmbeddingPipeline& pipeline;
  search::IndexRegistry& indexes;
  bool semantic_search_enabled = true;
};

void register_search_routes(http::Router& router, ApiServices& services, SearchServices& search);

// How a hit's snippet is given: REST clients get plain text with "highlights" (offsets of the
// matches); MCP passes the matches on as markdown emphasis (**match**), which agents read as such.
enum class SnippetStyle { plain, markdown };

// One search hit as REST and MCP render it: {"chunk": {...}, "score" (0–1), "fusionScore" (keyword
// and hybrid: the raw reciprocal-rank value), "snippet", "highlights" (plain only), "matchedBy"}.
[[nodiscard]] nlohmann::json search_hit_json(const search::SearchHit& hit, SnippetStyle style);

}  // namespace vellum::api
