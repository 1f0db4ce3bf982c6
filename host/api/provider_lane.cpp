#include "api/provider_lane.hpp"

namespace vellum::api {

namespace {

bool starts_with(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

bool is_read(std::string_view method) { return method == "GET" || method == "HEAD" || method == "OPTIONS"; }

}  // namespace

bool may_wait_on_provider(const http::Request& request, const plugins::RuntimeHolder& runtime) {
  const std::string_view path = request.path;
  if (path == "/api/search") return request.query.get_or("mode", "") != "keyword";
  if (path == "/api/embedding-sets/compare" || path == "/mcp") return true;
  if (is_read(request.method) || !starts_with(path, "/api/") || starts_with(path, "/api/admin/")) return false;
  const auto current = runtime.current();
  return current && current->queue.choice.plugin == "sync";
}

}  // namespace vellum::api
