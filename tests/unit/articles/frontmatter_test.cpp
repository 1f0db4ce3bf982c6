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

TEST_CASE("frontmatter: YAML aliases cannot expand it past its budget (billion laughs)") {
  // 374 bytes that name "lol" 10^9 times once expanded.
  std::string yaml = "---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
  for (char level = 'b'; level <= 'i'; ++level) {
    const char previous = static_cast<char>(level - 1);
    yaml += std::string(1, level) + ": &" + level + " [";
    for (int i = 0; i < 9; ++i) yaml += std::string(i ? "," : "") + "*" + previous;
    yaml += "]\n";
  }
  yaml += "---\nbody";
  auto laughs = parse_frontmatter(yaml);
  REQUIRE_FALSE(laughs.ok());
  CHECK(laughs.error().kind == vellum::sdk::ErrorKind::invalid_argument);
  CHECK_THAT(laughs.error().message, Catch::StartsWith("content: the frontmatter is too large") &&
                                         Catch::Contains("YAML aliases"));

  // One long anchored string named many times: few values, many bytes.
  const std::string long_text(8 * 1024, 'x');
  std::string wide = "---\nbase: &s " + long_text + "\nrefs: [";
  for (int i = 0; i < 20; ++i) wide += std::string(i ? "," : "") + "*s";
  auto bytes = parse_frontmatter(wide + "]\n---\n");
  REQUIRE_FALSE(bytes.ok());
  CHECK_THAT(bytes.error().message, Catch::StartsWith("content: the frontmatter is too large"));

  // A modest use of aliases stays valid.
  auto modest = parse_frontmatter("---\nbase: &b {x: 1}\nother: *b\n---\n");
  REQUIRE(modest.ok());
  CHECK(modest->fields["other"]["x"] == 1);
}

TEST_CASE("frontmatter: deep nesting is refused, not a stack overflow") {
  for (const std::string& deep : {"---\nk: " + std::string(5000, '[') + std::string(5000, ']') + "\n---\n",
                                  "---\nk:\n  " + [] {
                                    std::string dashes;
                                    for (int i = 0; i < 5000; ++i) dashes += "- ";
                                    return dashes + "x";
                                  }() + "\n---\n",
                                  "---\nk: " + std::string(100, '[') + std::string(100, ']') + "\n---\n"}) {
    auto parsed = parse_frontmatter(deep);
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.error().kind == vellum::sdk::ErrorKind::invalid_argument);
  }
}
