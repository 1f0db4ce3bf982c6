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

// One search hit as REST and MCP render it: {"chunk": {...}, "score", "snippet", "matchedBy"}.
[[nodiscard]] nlohmann::json search_hit_json(const search::SearchHit& hit);

}  // namespace vellum::api
