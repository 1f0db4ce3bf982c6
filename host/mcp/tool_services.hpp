// What the production tools and resources call: the same services the REST handlers call. Search
// is optional — without it (or with semantic search disabled) the search tools are not offered.
#pragma once

#include <cstddef>

#include "articles/article_service.hpp"
#include "plugins/runtime.hpp"
#include "search/search_service.hpp"

namespace vellum::mcp {

struct ToolServices {
  const plugins::RuntimeHolder& runtime;
  articles::ArticleService& articles;
  search::SearchService* search = nullptr;
  bool semantic_search_enabled = true;
  std::size_t multi_search_limit = 10;  // items in multiSearchArticles / multiSemanticSearch
};

}  // namespace vellum::mcp
