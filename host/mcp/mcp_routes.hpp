// /mcp inside `vellum serve`: the production catalogue over the API's own ArticleService and
// Authenticator (so MCP and REST share every rule, key and scope), mounted through the API's
// ExtraRoutes hook.
//
//   api::ApiServer server(api_settings, holder, mcp::http_routes(mcp::settings_from(config)));
#pragma once

#include <cstddef>

#include "api/routes.hpp"
#include "config/config.hpp"
#include "mcp/http_endpoint.hpp"
#include "search/search_service.hpp"

namespace vellum::mcp {

struct McpSettings {
  bool enabled = true;
  HttpEndpointOptions http;
  std::size_t multi_search_limit = 10;
  std::size_t page_size = 100;
};

[[nodiscard]] McpSettings settings_from(const config::Config& config);

// Routes for ApiServer's ExtraRoutes: when disabled, a callable that mounts nothing. `search` may be null (no search tools).
[[nodiscard]] api::ExtraRoutes http_routes(McpSettings settings, search::SearchService* search = nullptr);

}  // namespace vellum::mcp
