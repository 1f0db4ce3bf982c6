// What REST clients of the system Vellum replaces get from GET /api/search (issue 17, item 10): a
// score from 0 to 1 in every mode (the raw fusion value as fusionScore), and plain snippets with the
// offsets of their matches; MCP keeps the matches as markdown emphasis.
#include <catch2/catch.hpp>

#include <cctype>

#include "ops/ops_rig.hpp"

using namespace vellum::test;

TEST_CASE("REST search answers 0–1 scores and plain snippets with highlights in every mode", "[ops]") {
  OpsRig rig;
  rig.start();
  rig.create_article("Lighthouse keeping", "# Lighthouse keeping\nThe keeper trims the lamp of the lighthouse nightly.");
  rig.create_article("Gardening", "# Gardening\nTomatoes want sun and water.");
  REQUIRE(rig.vellum({"queue", "wait-for-completion", "--timeout", "30"}).exit_code == 0);

  for (const std::string mode : {"keyword", "hybrid", "semantic"}) {
    INFO(mode);
    const auto found = rig.get("/api/search?mode=" + mode + "&query=lighthouse");
    REQUIRE(found.status == 200);
    const auto hits = found.json();
    REQUIRE_FALSE(hits.empty());
    const auto& top = hits[0];
    CHECK(top["chunk"]["title"] == "Lighthouse keeping");
    for (const auto& hit : hits) {
      CHECK(hit["score"].get<double>() >= 0.0);
      CHECK(hit["score"].get<double>() <= 1.0);
      CHECK(hit["snippet"].get<std::string>().find("**") == std::string::npos);
      CHECK(hit["highlights"].is_array());
    }
    CHECK(top.contains("fusionScore") == (mode != "semantic"));
    if (mode == "keyword") {
      CHECK(top["score"] == 1.0);  // first of the only half that ran
      REQUIRE_FALSE(top["highlights"].empty());
      const auto snippet = top["snippet"].get<std::string>();
      const auto start = top["highlights"][0]["start"].get<std::size_t>();
      const auto length = top["highlights"][0]["length"].get<std::size_t>();
      // ASCII text: UTF-16 units and bytes agree.
      std::string matched = snippet.substr(start, length);
      for (auto& c : matched) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      CHECK(matched == "lighthouse");
    }
  }
}
