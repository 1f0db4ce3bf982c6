#include "mcp/mcp_routes.hpp"

#include "mcp/vellum_catalogue.hpp"

namespace vellum::mcp {

McpSettings settings_from(const config::Config& config) {
  McpSettings settings;
  const auto& mcp = config.mcp;
  settings.enabled = mcp.enabled;
  settings.http.origins.allowed_hosts = mcp.allowed_hosts;
  settings.http.origins.allowed_origins = mcp.allowed_origins;
  settings.http.sessions = {mcp.max_sessions, mcp.max_sessions_per_token, mcp.session_idle, mcp.session_ttl};
  settings.http.rate_limit_requests = mcp.rate_limit_max_requests;
  settings.http.rate_limit_window = mcp.rate_limit_window;
  settings.http.rate_limit_initialize = mcp.rate_limit_initialize;
  settings.multi_search_limit = mcp.multi_search_limit;
  return settings;
}

api::ExtraRoutes http_routes(McpSettings settings, search::SearchService* search) {
  // Disabled: routes that add nothing (so /mcp answers 404 like any unknown path) — never an empty
  // function, which a caller composing route sets would call and crash on.
  if (!settings.enabled) return [](http::Router&, api::ApiServices&) {};
  return [settings = std::move(settings), search](http::Router& router, api::ApiServices& services) {
    const ToolServices tools{services.runtime, services.articles, search, services.health.semantic_search_enabled,
                             settings.multi_search_limit};
    auto options = vellum_dispatcher_options();
    options.page_size = settings.page_size;
    mount(router, std::make_shared<HttpEndpoint>(vellum_catalogue(tools), std::move(options), services.guard,
                                                 settings.http));
  };
}

}  // namespace vellum::mcp
