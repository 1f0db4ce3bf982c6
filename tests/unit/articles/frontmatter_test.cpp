// Frontmatter parsing (real YAML, LF and CRLF) and the title rules.
#include <catch2/catch.hpp>

#include "articles/frontmatter.hpp"

using namespace vellum::articles;
using json = nlohmann::json;

TEST_CASE("frontmatter becomes JSON with typed values: the body follows it") {
  auto fm = parse_frontmatter("---\ntitle: Test\ncreated: 2024-01-15\npublic: true\ncount: 3\nratio: 0.5\n"
                              "quoted: \"true\"\ntags: [a, b]\nnested:\n  key: value\nempty:\n---\n# Test Content\n");
  REQUIRE(fm.ok());
  CHECK(fm->present);
  CHECK(fm->fields == json{{"title", "Test"},   {"created", "2024-01-15"}, {"public", true},
                           {"count", 3},         {"ratio", 0.5},             {"quoted", "true"},
                           {"tags", {"a", "b"}}, {"nested", {{"key", "value"}}}, {"empty", nullptr}});
  CHECK(fm->body == "# Test Content\n");
}

TEST_CASE("CRLF frontmatter, no frontmatter, and --- that is only a thematic break") {
  auto crlf = parse_frontmatter("---\r\nTiTlE: Mixed\r\n---\r\nbody\r\n");
  REQUIRE(crlf.ok());
  CHECK(crlf->present);
  CHECK(frontmatter_field(*crlf, "title")->get<std::string>() == "Mixed");
  CHECK(crlf->body == "body\r\n");

  auto none = parse_frontmatter("# Just markdown\n");
  REQUIRE(none.ok());
  CHECK_FALSE(none->present);
  CHECK(none->body == "# Just markdown\n");

  auto rule = parse_frontmatter("---\nSome prose between rules\n---\nmore");
  REQUIRE(rule.ok());
  CHECK_FALSE(rule->present);

  auto unclosed = parse_frontmatter("---\ntitle: x\nno end");
  REQUIRE(unclosed.ok());
  CHECK_FALSE(unclosed->present);

  auto bad = parse_frontmatter("---\ntitle: [unclosed\n---\nx");
  REQUIRE_FALSE(bad.ok());
  CHECK_THAT(bad.error().message, Catch::Contains("frontmatter") && Catch::Contains("line"));
}

TEST_CASE("title rules: frontmatter title, then the first # heading, then the fallback") {
  auto with_title = parse_frontmatter("---\ntitle: '  From FM  '\n---\n# Heading\n");
  CHECK(resolve_title(*with_title, "Given") == "From FM");
  auto heading = parse_frontmatter("intro\n## Second level\n```\n# not a heading in code\n```\n# First Heading #\n");
  CHECK(resolve_title(*heading, "Given") == "First Heading");
  auto nothing = parse_frontmatter("## Only H2\n");
  CHECK(resolve_title(*nothing, "Untitled") == "Untitled");
  CHECK(first_heading("#NoSpace\n# Real\r\n") == "Real");
}
