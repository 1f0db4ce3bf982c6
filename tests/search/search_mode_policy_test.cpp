// The one rule REST and MCP share for a search while semantic search is off.
#include <catch2/catch.hpp>

#include "search/search_mode_policy.hpp"

using namespace vellum::search;

TEST_CASE("search mode policy: with semantic search off, hybrid runs as keyword and says so, semantic is refused") {
  for (auto mode : {SearchMode::keyword, SearchMode::hybrid, SearchMode::semantic}) {
    auto on = plan_mode(mode, true);
    REQUIRE(on);
    CHECK(on->mode == mode);
    CHECK(on->degraded_reason.empty());
  }
  auto keyword = plan_mode(SearchMode::keyword, false);
  REQUIRE(keyword);
  CHECK(keyword->mode == SearchMode::keyword);
  CHECK(keyword->degraded_reason.empty());
  auto hybrid = plan_mode(SearchMode::hybrid, false);
  REQUIRE(hybrid);
  CHECK(hybrid->mode == SearchMode::keyword);
  CHECK(hybrid->degraded_reason == "semantic search is not enabled");
  auto semantic = plan_mode(SearchMode::semantic, false);
  REQUIRE_FALSE(semantic);
  CHECK(semantic.error().kind == vellum::sdk::ErrorKind::invalid_argument);
  CHECK(semantic.error().message == "Semantic search is not enabled");
}
