// Which requests may wait on an embedding provider: they run on the HTTP server's provider pool
// (http::ServerOptions::may_wait_on_provider), so a provider that hangs cannot take the handler
// threads that /health, reads and writes need.
#pragma once

#include "http/request.hpp"
#include "plugins/runtime.hpp"

namespace vellum::api {

// Semantic and hybrid search (the query is embedded), comparing embedding sets, MCP (its tools
// search), and — under the synchronous queue strategy, which embeds inside the request — every write.
// Keyword search, reads and health checks never wait on a provider.
[[nodiscard]] bool may_wait_on_provider(const http::Request& request, const plugins::RuntimeHolder& runtime);

}  // namespace vellum::api
