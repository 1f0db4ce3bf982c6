// The console's files as the router serves them: index.html revalidated by its strong ETag, every
// other file under the build's fingerprinted prefix and cacheable for a year, a strict CSP on all.
#include <catch2/catch.hpp>

#include <string>

#include "console/console_assets.hpp"
#include "console/console_routes.hpp"
#include "http/router.hpp"

using namespace vellum;

namespace {

http::Response get(const http::Router& router, std::string_view target, std::string if_none_match = {}) {
  auto request = http::make_request("GET", target);
  if (!if_none_match.empty()) request.headers.set("If-None-Match", if_none_match);
  return router.handle(request);
}

}  // namespace

TEST_CASE("GET / serves index.html, revalidated by its ETag") {
  http::Router router;
  console::register_console_routes(router);
  auto index = get(router, "/");
  REQUIRE(index.status == 200);
  CHECK(index.headers.get_or("Content-Type", "") == "text/html; charset=utf-8");
  CHECK(index.headers.get_or("Cache-Control", "") == "no-cache");
  const std::string etag(index.headers.get_or("ETag", ""));
  CHECK(etag.size() == 66);
  CHECK_THAT(index.body, Catch::Contains(std::string(console::asset_base()) + "/js/main.js"));
  CHECK_THAT(index.body, !Catch::Contains("@ASSET_BASE@"));

  auto again = get(router, "/", etag);
  CHECK(again.status == 304);
  CHECK(again.body.empty());
  CHECK(get(router, "/", "\"other\", W/" + etag).status == 304);
  CHECK(get(router, "/", "\"other\"").status == 200);
}

TEST_CASE("assets live under the fingerprinted prefix and are immutable") {
  http::Router router;
  console::register_console_routes(router);
  std::size_t scripts = 0;
  for (const auto& asset : console::console_assets()) {
    if (asset.url == "/") continue;
    INFO(asset.url);
    CHECK(asset.url.starts_with(std::string(console::asset_base()) + "/"));
    auto response = get(router, asset.url);
    REQUIRE(response.status == 200);
    CHECK(response.body == asset.body);
    CHECK(response.headers.get_or("Cache-Control", "") == "public, max-age=31536000, immutable");
    CHECK(response.headers.get_or("ETag", "") == asset.etag);
    if (asset.url.ends_with(".js")) {
      ++scripts;
      CHECK(response.headers.get_or("Content-Type", "") == "text/javascript; charset=utf-8");
    }
  }
  CHECK(scripts > 5);
  CHECK(get(router, std::string(console::asset_base()) + "/nope.js").status == 404);
  CHECK(get(router, "/assets/000000000000/js/main.js").status == 404);
}

TEST_CASE("console responses carry a CSP with no inline script or style and no framing") {
  http::Router router;
  console::register_console_routes(router);
  const std::string policy(get(router, "/").headers.get_or("Content-Security-Policy", ""));
  CHECK_THAT(policy, Catch::Contains("script-src 'self';") && Catch::Contains("style-src 'self';") &&
                         Catch::Contains("frame-ancestors 'none'") && Catch::Contains("object-src 'none'"));
  CHECK_THAT(policy, !Catch::Contains("unsafe-inline") && !Catch::Contains("unsafe-eval"));
}

TEST_CASE("no console file has inline script, inline style or a style attribute") {
  for (const auto& asset : console::console_assets()) {
    if (!asset.content_type.starts_with("text/html")) continue;
    CHECK_THAT(std::string(asset.body), !Catch::Contains("<script>") && !Catch::Contains("<style") &&
                                            !Catch::Contains("style=") && !Catch::Contains(" onclick") &&
                                            !Catch::Contains(" onload"));
  }
}
