// Provider calls are packed as full as the provider's limits allow, in order.
#include <catch2/catch.hpp>

#include "indexing/batch_planner.hpp"

using vellum::indexing::plan_calls;

namespace {
std::size_t four_bytes_per_token(std::string_view text) { return (text.size() + 3) / 4; }
}  // namespace

TEST_CASE("calls respect the inputs-per-call limit and keep order") {
  std::vector<std::string> texts(100, "abcd");
  vellum::sdk::EmbeddingLimits limits;
  limits.max_inputs_per_call = 16;
  auto calls = plan_calls(texts, limits, four_bytes_per_token);
  REQUIRE(calls.size() == 7);
  std::size_t next = 0;
  for (const auto& call : calls) {
    CHECK(call.text_indexes.size() <= 16);
    for (auto i : call.text_indexes) CHECK(i == next++);
  }
  CHECK(next == 100);
}

TEST_CASE("calls respect the tokens-per-call limit and an oversized text goes alone") {
  std::vector<std::string> texts{std::string(40, 'a'), std::string(40, 'b'), std::string(400, 'c'),
                                 std::string(40, 'd')};
  vellum::sdk::EmbeddingLimits limits;
  limits.max_inputs_per_call = 100;
  limits.max_tokens_per_call = 25;  // 10 tokens each for the small ones, 100 for the big one
  auto calls = plan_calls(texts, limits, four_bytes_per_token);
  REQUIRE(calls.size() == 3);
  CHECK(calls[0].text_indexes == std::vector<std::size_t>{0, 1});
  CHECK(calls[1].text_indexes == std::vector<std::size_t>{2});
  CHECK(calls[2].text_indexes == std::vector<std::size_t>{3});
  CHECK(plan_calls({}, limits, four_bytes_per_token).empty());
}
