// The one rule for a search while semantic search is off (semantic_search.enabled: false): hybrid is
// answered from keywords alone and says why; semantic is refused. GET /api/search and the MCP
// hybridSearch tool both ask it (MCP does not offer semanticSearch then).
#pragma once

#include <string>

#include "search/search_service.hpp"
#include "vellum/sdk/result.hpp"

namespace vellum::search {

struct ModePlan {
  SearchMode mode = SearchMode::hybrid;  // what runs
  std::string degraded_reason;           // set when hybrid runs as keyword search
};

// invalid_argument ("Semantic search is not enabled") for semantic search while it is off.
[[nodiscard]] sdk::Result<ModePlan> plan_mode(SearchMode requested, bool semantic_enabled);

}  // namespace vellum::search
