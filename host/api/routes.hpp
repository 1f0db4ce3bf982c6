// The REST API's routes (api-spec §4.2, routes 1–5 and 13–26; search, RAG and queue routes belong to
// their own rooms and register themselves on the same router).
//
//   api::ApiServices services{runtime, article_service, guard_context, import_jobs, health_options};
//   api::register_routes(router, services);
#pragma once

#include <functional>

#include "api/health_handler.hpp"
#include "api/import_jobs.hpp"
#include "api/route_guard.hpp"
#include "articles/article_service.hpp"
#include "http/router.hpp"
#include "plugins/runtime.hpp"

namespace vellum::api {

struct ApiServices {
  const plugins::RuntimeHolder& runtime;
  articles::ArticleService& articles;
  GuardContext& guard;
  ImportJobs& imports;
  HealthOptions health;
};

void register_health_routes(http::Router& router, ApiServices& services);
void register_article_routes(http::Router& router, ApiServices& services);
void register_version_routes(http::Router& router, ApiServices& services);
void register_folder_routes(http::Router& router, ApiServices& services);
void register_token_routes(http::Router& router, ApiServices& services);
void register_import_routes(http::Router& router, ApiServices& services);
// Unmatched /api/ paths: 401 without credentials, else 404 {"error":"Not found"} (api-spec §4.1).
void register_fallback_routes(http::Router& router, ApiServices& services);

// Other rooms' routes (search, RAG, queue, MCP): added after ours and before the fallback.
using ExtraRoutes = std::function<void(http::Router&, ApiServices&)>;

// All of the above, in matching order, with `extra` before the fallback.
void register_routes(http::Router& router, ApiServices& services, const ExtraRoutes& extra = {});

}  // namespace vellum::api
