#include "console/console_routes.hpp"

#include <string>

#include "console/console_assets.hpp"

namespace vellum::console {

namespace {

// If-None-Match holds one ETag, a list of them, or "*" (RFC 9110 §13.1.2; weak comparison, so a
// W/ prefix a proxy may add still matches).
bool matches(std::string_view header, std::string_view etag) {
  if (header == "*") return true;
  std::size_t start = 0;
  while (start < header.size()) {
    auto end = header.find(',', start);
    if (end == std::string_view::npos) end = header.size();
    std::string_view item = header.substr(start, end - start);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    if (item.starts_with("W/")) item.remove_prefix(2);
    if (item == etag) return true;
    start = end + 1;
  }
  return false;
}

http::Response serve(const http::Request& request, const ConsoleAsset* asset) {
  if (!asset) return http::Response::text(404, "Not found\n");
  http::Response response;
  response.headers.set("ETag", std::string(asset->etag));
  // index.html names the current build's asset URLs, so it must be revalidated on every load; the
  // assets themselves never change under their URL.
  response.headers.set("Cache-Control", asset->immutable ? "public, max-age=31536000, immutable" : "no-cache");
  response.headers.set("Content-Security-Policy", kConsolePolicy);
  if (auto condition = request.header("If-None-Match"); condition && matches(*condition, asset->etag)) {
    response.status = 304;
    return response;
  }
  response.status = 200;
  response.headers.set("Content-Type", std::string(asset->content_type));
  response.body = std::string(asset->body);
  return response;
}

}  // namespace

void register_console_routes(http::Router& router) {
  auto index = [](const http::Request& request) { return serve(request, find_asset("/")); };
  auto asset = [](const http::Request& request) { return serve(request, find_asset(request.path)); };
  for (const char* method : {"GET", "HEAD"}) {
    router.add(method, "/", index);
    router.add(method, "/index.html", index);
    router.add(method, "/assets/*path", asset);
  }
}

}  // namespace vellum::console
