// semanticSearch and multiSemanticSearch (api-spec §5.4, offered only with semantic search enabled)
// and hybridSearch (keywords and meaning fused; keywords alone, said so, when semantic search is off
// or its provider is down), over SearchService.
#include <set>

#include "api/embedding_set_json.hpp"
#include "api/search_routes.hpp"
#include "mcp/arguments.hpp"
#include "mcp/schema.hpp"
#include "mcp/vellum_catalogue.hpp"
#include "search/search_mode_policy.hpp"

namespace vellum::mcp {

namespace {

constexpr ToolAnnotations kRead{.read_only = true, .destructive = false, .idempotent = true};

struct SearchArgs {
  std::size_t k = 5;
  std::optional<std::string> folder;
};

sdk::Result<SearchArgs> common_args(const Arguments& args) {
  auto k = args.integer("k", 5, 1, 100);
  if (!k) return k.error();
  auto folder = args.folder("folder");
  if (!folder) return folder.error();
  return SearchArgs{static_cast<std::size_t>(*k), *folder};
}

sdk::Result<search::SearchResponse> run(const ToolServices& s, const std::string& text, const SearchArgs& a,
                                        search::SearchMode mode) {
  return s.search->search({.text = text, .k = a.k, .mode = mode, .folder = a.folder});
}

// A semantic hit names the embedding set that found it, so an agent can tell answers from before and
// after a provider cut-over apart.
json semantic_hit_json(const search::SearchHit& hit, const search::SearchResponse& response) {
  json out = api::search_hit_json(hit, api::SnippetStyle::markdown);
  if (response.answered_by) out["embeddingSetId"] = response.answered_by->id;
  return out;
}

json query_schema(const char* query_description, const char* k_description) {
  return schema::object({{"query", schema::string(query_description)},
                         {"k", schema::number(k_description)},
                         {"folder", schema::string(schema::kFolderDescription)}},
                        {"query"});
}

Tool semantic_search(const ToolServices& s) {
  return {"semanticSearch", "Semantic search",
          "Perform semantic search across article content using vector embeddings",
          query_schema("Search query", "Number of results (default: 5)"), std::nullopt, kRead, false,
          [s](const json& a, RequestContext&) -> ToolResult {
            Arguments args(a);
            auto query = args.text("query");
            if (!query) return error_result(query.error());
            auto common = common_args(args);
            if (!common) return error_result(common.error());
            auto found = run(s, **query, *common, search::SearchMode::semantic);
            if (!found) return error_result(found.error());
            json out = json::array();
            for (const auto& hit : found->hits) out.push_back(semantic_hit_json(hit, *found));
            return json_result(out);
          }};
}

Tool multi_semantic_search(const ToolServices& s) {
  const auto limit = s.multi_search_limit;
  return {"multiSemanticSearch", "Semantic search, several queries",
          "Perform multiple semantic searches and return unique results",
          schema::object({{"queries", schema::strings("Array of search queries (max " + std::to_string(limit) +
                                                          " items)",
                                                      limit)},
                          {"k", schema::number("Number of results per query")},
                          {"folder", schema::string(schema::kFolderDescription)}},
                         {"queries"}),
          std::nullopt, kRead, false,
          [s, limit](const json& a, RequestContext& context) -> ToolResult {
            Arguments args(a);
            auto queries = args.texts("queries", limit);
            if (!queries) return error_result(queries.error());
            auto common = common_args(args);
            if (!common) return error_result(common.error());
            json out = json::array();
            std::set<std::string> seen;  // filename:chunkIndex, first wins
            for (std::size_t i = 0; i < queries->size(); ++i) {
              if (context.cancelled()) return error_result("Cancelled");
              auto found = run(s, (*queries)[i], *common, search::SearchMode::semantic);
              if (!found) return error_result(found.error());
              for (const auto& hit : found->hits) {
                if (seen.insert(hit.article.slug + ".md:" + std::to_string(hit.chunk_index)).second) {
                  out.push_back(semantic_hit_json(hit, *found));
                }
              }
              context.progress(static_cast<double>(i + 1), static_cast<double>(queries->size()));
            }
            return json_result(out);
          }};
}

Tool hybrid_search(const ToolServices& s) {
  return {"hybridSearch", "Hybrid search",
          "Search article content by keywords and meaning together (reciprocal-rank fusion); the best chunk per "
          "article. Falls back to keywords alone, and says so, when semantic search is unavailable",
          query_schema("Search query", "Number of results (default: 5, at most 100)"), std::nullopt, kRead, false,
          [s](const json& a, RequestContext&) -> ToolResult {
            Arguments args(a);
            auto query = args.text("query");
            if (!query) return error_result(query.error());
            auto common = common_args(args);
            if (!common) return error_result(common.error());
            const auto plan = search::plan_mode(search::SearchMode::hybrid, s.semantic_search_enabled);
            if (!plan) return error_result(plan.error());
            auto found = run(s, **query, *common, plan->mode);
            if (!found) return error_result(found.error());
            json results = json::array();
            for (const auto& hit : found->hits) results.push_back(api::search_hit_json(hit, api::SnippetStyle::markdown));
            json out = {{"results", std::move(results)}, {"mode", search::to_string(found->mode)}};
            if (found->answered_by) out["embeddingSet"] = api::embedding_set_json(*found->answered_by);
            const std::string degraded = !plan->degraded_reason.empty() ? plan->degraded_reason
                                         : found->degraded                ? found->degraded_reason
                                                                          : std::string();
            out["degraded"] = !degraded.empty();
            if (!degraded.empty()) out["degradedReason"] = degraded;
            return json_result(out);
          }};
}

}  // namespace

void add_search_tools(Catalogue& catalogue, const ToolServices& services) {
  if (!services.search) return;
  if (services.semantic_search_enabled) {
    catalogue.tools.push_back(semantic_search(services));
    catalogue.tools.push_back(multi_semantic_search(services));
  }
  catalogue.tools.push_back(hybrid_search(services));
}

}  // namespace vellum::mcp
