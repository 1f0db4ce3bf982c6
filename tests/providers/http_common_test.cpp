// The pieces both HTTP providers share, tested directly: Retry-After, header lists, batch planning.
#include <catch2/catch.hpp>

#include "vellum/embedding_http/batching.hpp"
#include "vellum/embedding_http/header_list.hpp"
#include "vellum/embedding_http/http_errors.hpp"
#include "vellum/embedding_http/retry_after.hpp"
#include "vellum/embedding_http/vectors.hpp"

namespace eh = vellum::embedding_http;
using std::chrono::milliseconds;
using std::chrono::seconds;

TEST_CASE("Retry-After is read as seconds or as an HTTP-date in all three formats") {
  const auto now = std::chrono::sys_days{std::chrono::year{1994} / 11 / 6} + std::chrono::hours(8) +
                   std::chrono::minutes(49) + std::chrono::seconds(30);
  CHECK(eh::parse_retry_after("120", now) == milliseconds(120'000));
  CHECK(eh::parse_retry_after(" 0 ", now) == milliseconds(0));
  CHECK(eh::parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now) == milliseconds(7'000));
  CHECK(eh::parse_retry_after("Sunday, 06-Nov-94 08:49:37 GMT", now) == milliseconds(7'000));
  CHECK(eh::parse_retry_after("Sun Nov  6 08:49:37 1994", now) == milliseconds(7'000));
  CHECK(eh::parse_retry_after("Sun, 06 Nov 1994 08:00:00 GMT", now) == milliseconds(0));  // already past
  CHECK_FALSE(eh::parse_retry_after("soon", now).has_value());
  CHECK_FALSE(eh::parse_retry_after("-5", now).has_value());
  CHECK(eh::parse_retry_after_ms("20") == milliseconds(20));
  CHECK(eh::parse_retry_after_ms("1.2") == milliseconds(2));
}

TEST_CASE("a 429 names the wait the server asked for, retry-after-ms wins over Retry-After") {
  eh::HttpReply reply;
  reply.status = 429;
  reply.body = R"({"error":{"message":"Rate limit reached","type":"requests"}})";
  reply.retry_after = "3";
  auto error = eh::classify_status(reply, "POST http://x/v1/embeddings", std::chrono::system_clock::now());
  CHECK(error.kind == vellum::sdk::ErrorKind::rate_limited);
  CHECK(error.retry_after == milliseconds(3000));
  CHECK_THAT(error.message, Catch::Contains("retry after 3 s") && Catch::Contains("\"Rate limit reached\""));
  reply.retry_after_ms = "250";
  CHECK(eh::classify_status(reply, "x", std::chrono::system_clock::now()).retry_after == milliseconds(250));
}

TEST_CASE("the headers setting takes Name: value pairs split by newlines or semicolons") {
  auto parsed = eh::parse_header_list("X-Api-Key: abc\nX-Team:  search ; X-Empty:", "embedding.ollama.headers");
  REQUIRE(parsed.ok());
  CHECK(parsed.value() == std::vector<std::string>{"X-Api-Key: abc", "X-Team: search", "X-Empty: "});
  CHECK(eh::parse_header_list("", "k").value().empty());

  auto bad = eh::parse_header_list("X-Ok: 1; no colon here", "embedding.ollama.headers");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().kind == vellum::sdk::ErrorKind::invalid_argument);
  CHECK(bad.error().message ==
        "embedding.ollama.headers: entry 2 is not a \"Name: value\" pair (pairs are separated by newlines or ';')");
}

TEST_CASE("batches respect inputs per call and tokens per call, in order") {
  std::vector<std::string> texts(10, std::string(40, 'a'));  // 10 tokens each
  eh::BatchLimits limits{.max_inputs_per_call = 4, .max_tokens_per_input = 100, .max_tokens_per_call = 30};
  auto plan = eh::plan_batches(texts, limits, "embedding.x");
  REQUIRE(plan.ok());
  std::vector<std::size_t> sizes;
  std::size_t next = 0;
  for (const auto& batch : plan->batches) {
    CHECK(batch.first == next);
    CHECK(batch.tokens <= 30);
    sizes.push_back(batch.count);
    next += batch.count;
  }
  CHECK(sizes == std::vector<std::size_t>{3, 3, 3, 1});
}

TEST_CASE("truncation never cuts a UTF-8 character in half") {
  const std::string text = "abc\xC3\xA9xyz";  // "abcéxyz": é is two bytes at offsets 3-4
  CHECK(eh::truncate_to_tokens(text, 1) == "abc");  // 4 bytes would split é
  CHECK(eh::truncate_to_tokens(text, 2) == text);
}

TEST_CASE("vectors must be arrays of finite floats of the configured size") {
  using boost::json::array;
  CHECK(eh::parse_vector(array{0.5, -0.25}, 2, 0).value() == vellum::sdk::Vector{0.5f, -0.25f});
  CHECK(eh::parse_vector(array{1, 0}, 2, 0).value() == vellum::sdk::Vector{1.0f, 0.0f});  // integers are numbers

  auto too_big = eh::parse_vector(array{0.5, 1e39}, 2, 3);  // beyond float range: infinite
  REQUIRE_FALSE(too_big.ok());
  CHECK(too_big.error().kind == vellum::sdk::ErrorKind::permanent);
  CHECK(too_big.error().message == "malformed response: the embedding of input 3: element 1 is not a finite float");

  auto text = eh::parse_vector(array{0.5, "x"}, 2, 0);
  REQUIRE_FALSE(text.ok());
  CHECK(text.error().message == "malformed response: the embedding of input 0: element 1 is not a number");

  auto not_array = eh::parse_vector(boost::json::value("0.5"), 2, 1);
  REQUIRE_FALSE(not_array.ok());
  CHECK(not_array.error().message == "malformed response: the embedding of input 1 is not an array of numbers");

  auto wrong = eh::parse_vector(array{0.5}, 2, 0);
  REQUIRE_FALSE(wrong.ok());
  CHECK(wrong.error().kind == vellum::sdk::ErrorKind::bad_dimension);
}

TEST_CASE("a reply must be one JSON object") {
  CHECK(eh::parse_reply_object(R"({"embeddings": [[0.5]]})").ok());
  CHECK(eh::parse_reply_object(R"({"embeddings": [[0.5]]} trailing)").error().message ==
        "malformed response: the body is not JSON");
  CHECK(eh::parse_reply_object("[1, 2]").error().message == "malformed response: the body is not a JSON object");
  CHECK(eh::parse_reply_object("").error().message == "malformed response: the body is not JSON");

  // Beyond double range the parser gives infinity, which no vector may hold.
  auto huge = eh::parse_reply_object(R"({"embeddings": [[0.5, 1e400]]})");
  REQUIRE(huge.ok());
  CHECK(eh::parse_vector(huge->at("embeddings").at(0), 2, 0).error().message ==
        "malformed response: the embedding of input 0: element 1 is not a finite float");
}
