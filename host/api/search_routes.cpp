#include "api/search_routes.hpp"

#include <set>

#include "api/embedding_set_json.hpp"
#include "api/errors.hpp"
#include "api/plain_snippet.hpp"
#include "api/route_guard.hpp"
#include "common/clock.hpp"
#include "search/search_mode_policy.hpp"
#include "config/value_parsing.hpp"

namespace vellum::api {

namespace {

constexpr const char* kDegradedHeader = "Vellum-Search-Degraded";

}  // namespace

// The legacy result shape: {"chunk": {...}, "score": s, "snippet": "..."} plus what matched.
nlohmann::json search_hit_json(const search::SearchHit& hit, SnippetStyle style) {
  nlohmann::json matched = nlohmann::json::array();
  if (hit.keyword_match) matched.push_back("keyword");
  if (hit.semantic_match) matched.push_back("semantic");
  nlohmann::json out = {{"chunk",
                         {{"id", hit.chunk_id},
                          {"filename", hit.article.slug + ".md"},
                          {"title", hit.article.title},
                          {"folder", hit.article.folder},
                          {"headingPath", hit.heading_path},
                          {"chunkIndex", hit.chunk_index},
                          {"text", hit.text},
                          {"created", format_iso8601(hit.article.created_at)},
                          {"modified", format_iso8601(hit.article.updated_at)}}},
                        {"score", hit.score},
                        {"matchedBy", matched}};
  if (hit.fusion) out["fusionScore"] = *hit.fusion;
  if (style == SnippetStyle::markdown) {
    out["snippet"] = hit.snippet;
    return out;
  }
  const auto plain = plain_snippet(hit.snippet);
  out["snippet"] = plain.text;
  out["highlights"] = nlohmann::json::array();
  for (const auto& h : plain.highlights) out["highlights"].push_back({{"start", h.start}, {"length", h.length}});
  return out;
}

namespace {

http::Response search_handler(SearchServices& services, const http::Request& request) {
  const auto query = request.query.get("query");
  if (!query || query->empty()) return http::Response::error(400, "Query parameter is required");
  search::SearchQuery q;
  q.text = std::string(*query);
  if (auto k = request.query.get("k")) {
    auto parsed = config::parse_integer(*k);
    if (!parsed || *parsed < 1 || *parsed > 100) {
      return http::Response::error(400, "k must be an integer from 1 to 100");
    }
    q.k = static_cast<std::size_t>(*parsed);
  }
  if (auto mode = request.query.get("mode")) {
    auto parsed = search::parse_search_mode(*mode);
    if (!parsed) return http::Response::error(400, "mode must be semantic, keyword or hybrid");
    q.mode = *parsed;
  }
  if (auto folder = request.query.get("folder")) q.folder = (*folder == "/") ? std::string() : std::string(*folder);

  auto plan = search::plan_mode(q.mode, services.semantic_search_enabled);
  if (!plan) return error_response(plan.error());
  q.mode = plan->mode;
  const std::string disabled_reason = plan->degraded_reason;
  auto found = services.search.search(q);
  if (!found) return error_response(found.error());
  nlohmann::json body = nlohmann::json::array();
  for (const auto& hit : found.value().hits) body.push_back(search_hit_json(hit, SnippetStyle::plain));
  auto response = http::Response::json(200, body);
  if (found.value().answered_by) response.headers.set(kEmbeddingSetHeader, embedding_set_header(*found.value().answered_by));
  const std::string degraded = found.value().degraded ? found.value().degraded_reason : disabled_reason;
  if (!degraded.empty()) {
    // The body stays the array existing clients parse; the header tells that only keywords answered.
    std::string safe;
    for (char c : degraded) safe += (c == '\r' || c == '\n') ? ' ' : c;
    response.headers.set(kDegradedHeader, safe);
  }
  return response;
}

// Index statistics of the active embedding set, shared by status and index-unindexed.
sdk::Result<nlohmann::json> rag_status(ApiServices& services, SearchServices& search,
                                       std::vector<sdk::ArticleId>* unindexed_ids = nullptr) {
  const auto rt = services.runtime.current();
  if (!rt || !rt->storage.object) return sdk::Error(sdk::ErrorKind::unavailable, "storage is not available");
  auto set = search.pipeline.active_set();
  if (!set) return set.error();
  nlohmann::json status = {{"enabled", true}};
  auto read = rt->storage.object->read([&](sdk::Repositories& repos) -> sdk::Status {
    auto chunks = repos.chunks().count_chunks(set->id);
    if (!chunks) return std::move(chunks).error();
    auto indexed = repos.chunks().indexed_articles(set->id);
    if (!indexed) return std::move(indexed).error();
    const std::set<sdk::ArticleId> indexed_ids(indexed.value().begin(), indexed.value().end());
    auto all = repos.articles().list({});
    if (!all) return std::move(all).error();
    std::int64_t no_rag = 0;
    nlohmann::json unindexed = nlohmann::json::array();
    for (const auto& a : all.value()) {
      if (a.no_rag) {
        ++no_rag;
      } else if (!indexed_ids.count(a.id)) {
        unindexed.push_back(a.slug + ".md");
        if (unindexed_ids) unindexed_ids->push_back(a.id);
      }
    }
    status["totalChunks"] = chunks.value();
    status["indexedArticles"] = indexed_ids.size();
    status["totalArticles"] = all.value().size();
    status["noRagArticles"] = no_rag;
    status["unindexedFiles"] = unindexed;
    return {};
  });
  if (!read) return read.error();
  status["embeddingSet"] = {{"id", set->id}, {"provider", set->provider}, {"model", set->model},
                            {"dimensions", set->dimensions}};
  status["embeddingSets"] = embedding_lanes_json(rt->lanes);
  if (auto index = search.indexes.loaded(*rt->storage.object, set->id)) {
    const auto stats = index->stats();
    status["index"] = {{"vectors", stats.vectors}, {"articles", stats.articles},
                       {"memoryBytes", stats.memory_bytes}, {"hnsw", stats.hnsw}};
  }
  return status;
}

}  // namespace

void register_search_routes(http::Router& router, ApiServices& services, SearchServices& search) {
  router.add("GET", "/api/search",
             guard(services.guard, {http::Access::read},
                   [&search](const http::Request& request, const http::Caller&) {
                     return search_handler(search, request);
                   }));
  router.add("GET", "/api/rag/status",
             guard(services.guard, {http::Access::read}, [&services, &search](const http::Request&, const http::Caller&) {
               if (!search.semantic_search_enabled) {
                 return http::Response::json(200, {{"enabled", false}, {"message", "Semantic search is not enabled"}});
               }
               auto status = rag_status(services, search);
               if (!status) return error_response(status.error());
               return http::Response::json(200, status.value());
             }));
  router.add("POST", "/api/rag/index-unindexed",
             guard(services.guard, {http::Access::admin, http::RouteClass::expensive},
                   [&services, &search](const http::Request&, const http::Caller&) {
                     if (!search.semantic_search_enabled) {
                       return http::Response::error(400, "Semantic search is not enabled");
                     }
                     std::vector<sdk::ArticleId> ids;
                     if (auto before = rag_status(services, search, &ids); !before) {
                       return error_response(before.error());
                     }
                     std::int64_t indexed = 0;
                     nlohmann::json failed = nlohmann::json::array();
                     const auto outcomes = search.pipeline.index_articles(ids, {});
                     for (const auto& outcome : outcomes) {
                       if (outcome.status.ok() && !outcome.skipped) {
                         ++indexed;
                       } else if (!outcome.status.ok()) {
                         failed.push_back({{"articleId", outcome.article_id}, {"error", outcome.status.error().message}});
                       }
                     }
                     auto after = rag_status(services, search);
                     if (!after) return error_response(after.error());
                     nlohmann::json body = after.value();
                     body["success"] = true;
                     body["indexed"] = indexed;
                     body["failed"] = failed;
                     return http::Response::json(200, body);
                   }));
}

}  // namespace vellum::api
