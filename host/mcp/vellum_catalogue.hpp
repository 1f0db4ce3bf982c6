// The production catalogue: the article, version, search and status tools and the article resources,
// all over the services in ToolServices. Test fixtures never enter it.
#pragma once

#include "mcp/catalogue.hpp"
#include "mcp/dispatcher.hpp"
#include "mcp/tool_services.hpp"

namespace vellum::mcp {

void add_article_tools(Catalogue& catalogue, const ToolServices& services);
void add_version_tools(Catalogue& catalogue, const ToolServices& services);
void add_search_tools(Catalogue& catalogue, const ToolServices& services);
void add_status_tools(Catalogue& catalogue, const ToolServices& services);
void add_article_resources(Catalogue& catalogue, const ToolServices& services);

[[nodiscard]] Catalogue vellum_catalogue(const ToolServices& services);
[[nodiscard]] DispatcherOptions vellum_dispatcher_options();

}  // namespace vellum::mcp
