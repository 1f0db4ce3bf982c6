#include <string>

#include <catch2/catch.hpp>

#include "common/bounded_json.hpp"

using vellum::JsonLimits;
using vellum::parse_bounded_json;

namespace {
constexpr JsonLimits kSmall{1024, 3, 10};
}

TEST_CASE("bounded JSON: what fits the limits parses as usual") {
  auto value = parse_bounded_json(R"({"a": [1, {"b": "x,[{"}], "c": "\"]]]"})", kSmall);
  REQUIRE(value.ok());
  CHECK((*value)["a"][1]["b"] == "x,[{");
  CHECK((*value)["c"] == "\"]]]");
}

TEST_CASE("bounded JSON: nesting past the depth limit is refused before parsing") {
  auto deep = parse_bounded_json("[[[[1]]]]", kSmall);
  REQUIRE_FALSE(deep.ok());
  CHECK(deep.error().kind == vellum::sdk::ErrorKind::invalid_argument);
  CHECK(deep.error().message == "JSON nested deeper than 3 levels");
  // Brackets inside strings are text, not structure.
  CHECK(parse_bounded_json(R"(["[[[[[[", "\\\"[[[["])", kSmall).ok());
}

TEST_CASE("bounded JSON: a request nested 50,000 levels deep fails cleanly, at once") {
  const std::string attack = std::string(50'000, '[') + std::string(50'000, ']');
  auto refused = parse_bounded_json(attack, vellum::kRequestJsonLimits);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().message == "JSON nested deeper than 64 levels");
}

TEST_CASE("bounded JSON: more values than allowed, or more bytes, are refused") {
  CHECK(parse_bounded_json("[1,2,3,4,5,6,7,8,9]", kSmall).ok());
  auto many = parse_bounded_json("[1,2,3,4,5,6,7,8,9,10,11]", kSmall);
  REQUIRE_FALSE(many.ok());
  CHECK(many.error().message == "JSON more than 10 values");
  auto big = parse_bounded_json(std::string(2000, ' ') + "1", kSmall);
  REQUIRE_FALSE(big.ok());
  CHECK(big.error().message == "JSON larger than 1024 bytes");
}

TEST_CASE("bounded JSON: malformed text gets the parser's reason") {
  auto bad = parse_bounded_json(R"({"a": )", kSmall);
  REQUIRE_FALSE(bad.ok());
  CHECK_THAT(bad.error().message, Catch::StartsWith("JSON parse error at line 1"));
  // Found by fuzz_mcp_message: a number past double's range is an out_of_range, not a parse_error.
  auto huge = parse_bounded_json(R"({"id": 33333333E33330000000000000000000000011})", kSmall);
  REQUIRE_FALSE(huge.ok());
  CHECK_THAT(huge.error().message, Catch::StartsWith("JSON number overflow parsing"));
}
