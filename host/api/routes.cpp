#include "api/routes.hpp"

#include "api/console_api_routes.hpp"

namespace vellum::api {

void register_fallback_routes(http::Router& router, ApiServices& s) {
  auto not_found = guard(s.guard, {http::Access::read}, [](const http::Request&, const http::Caller&) {
    return http::Response::error(404, "Not found");
  });
  for (const char* method : {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}) {
    router.add(method, "/api/*rest", not_found);
  }
}

void register_routes(http::Router& router, ApiServices& services, const ExtraRoutes& extra) {
  register_health_routes(router, services);
  register_token_routes(router, services);
  register_folder_routes(router, services);
  register_version_routes(router, services);
  register_article_routes(router, services);
  register_import_routes(router, services);
  register_session_routes(router, services);
  register_markdown_routes(router, services);
  if (extra) extra(router, services);
  register_fallback_routes(router, services);
}

}  // namespace vellum::api
