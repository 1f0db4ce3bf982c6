// Every fault a provider can show, through the real plugins: the right ErrorKind, whether a retry
// may help (and after how long), and a message that says what happened.
#include <catch2/catch.hpp>

#include <ctime>

#include "fakes/fake_vectors.hpp"
#include "providers/provider_fixture.hpp"

using namespace vellum::test;
namespace sdk = vellum::sdk;
using std::chrono::milliseconds;

namespace {

const std::vector<std::string> kThree{"a", "b", "c"};

sdk::Error embed_error(const sdk::ProviderPtr& provider, const std::vector<std::string>& texts = kThree,
                       const sdk::EmbedOptions& options = {}) {
  auto result = provider->embed(texts, options);
  REQUIRE_FALSE(result.ok());
  return result.error();
}

std::string http_date(std::chrono::system_clock::time_point when) {
  const std::time_t t = std::chrono::system_clock::to_time_t(when);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[64];
  std::strftime(buffer, sizeof buffer, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return buffer;
}

}  // namespace

TEST_CASE("faults: 429 is rate_limited with the server's Retry-After") {
  FakeOllama fake({.dimensions = 4});
  auto provider = load_ollama(fake);
  fake.fail_next(Fault::rate_limited(std::chrono::seconds(2)));
  auto error = embed_error(provider);
  CHECK(error.kind == sdk::ErrorKind::rate_limited);
  CHECK(error.retryable);
  CHECK(error.retry_after == milliseconds(2000));
  CHECK(error.message == "ollama: rate limited, retry after 2 s, HTTP 429 Too Many Requests from POST " +
                             fake.base_url() + "/api/embed: \"too many requests\"");
  CHECK(provider->embed(kThree, {}).ok());  // the fault was for one request only
}

TEST_CASE("faults: a Retry-After HTTP-date from OpenAI becomes a delay") {
  FakeOpenAi fake({.dimensions = 4});
  auto provider = load_openai(fake);
  fake.fail_next(Fault::rate_limited_header(http_date(std::chrono::system_clock::now() + std::chrono::seconds(30))));
  auto error = embed_error(provider);
  CHECK(error.kind == sdk::ErrorKind::rate_limited);
  REQUIRE(error.retry_after.has_value());
  CHECK(*error.retry_after > milliseconds(20'000));
  CHECK(*error.retry_after <= milliseconds(31'000));
  CHECK_THAT(error.message, Catch::Contains("\"Rate limit reached for text-embedding-3-small"));
}

TEST_CASE("faults: 500 and 503 are transient, 503's Retry-After is kept") {
  FakeOllama fake({.dimensions = 4});
  auto provider = load_ollama(fake);
  fake.fail_next(Fault::server_error());
  auto error = embed_error(provider);
  CHECK(error.kind == sdk::ErrorKind::transient);
  CHECK(error.retryable);
  CHECK_FALSE(error.retry_after.has_value());
  CHECK(error.message == "ollama: server error, HTTP 500 Internal Server Error from POST " + fake.base_url() +
                             "/api/embed: \"llama runner process has terminated: exit status 2\"");

  fake.fail_next(Fault::unavailable("7"));
  error = embed_error(provider);
  CHECK(error.kind == sdk::ErrorKind::transient);
  CHECK(error.retry_after == milliseconds(7000));
  CHECK_THAT(error.message, Catch::Contains("HTTP 503 Service Unavailable") && Catch::Contains("server busy"));
}

TEST_CASE("faults: fail_next counts requests, then the fake recovers") {
  FakeOllama fake({.dimensions = 4});
  auto provider = load_ollama(fake);
  fake.fail_next(Fault::server_error(), 2);
  CHECK_FALSE(provider->embed(kThree, {}).ok());
  CHECK_FALSE(provider->embed(kThree, {}).ok());
  CHECK(provider->embed(kThree, {}).ok());
  CHECK(fake.calls() == 3);
}

TEST_CASE("faults: a hung server times out as transient within timeout_ms") {
  FakeOllama fake({.dimensions = 4});
  auto provider = load_ollama(fake, {{"timeout_ms", "300"}});
  fake.fail_always(Fault::hang());
  const auto start = std::chrono::steady_clock::now();
  auto error = embed_error(provider);
  CHECK(seconds_since(start) < 3.0);
  CHECK(error.kind == sdk::ErrorKind::transient);
  CHECK(error.retryable);
  CHECK_THAT(error.message, Catch::StartsWith("ollama: timed out: no answer from POST " + fake.base_url() +
                                              "/api/embed within 300 ms (embedding.ollama.timeout_ms)"));
  fake.clear_faults();
  CHECK(provider->embed(kThree, {}).ok());
}

TEST_CASE("faults: malformed JSON is permanent") {
  FakeOllama fake({.dimensions = 4});
  auto provider = load_ollama(fake);
  fake.fail_next(Fault::malformed_json());
  auto error = embed_error(provider);
  CHECK(error.kind == sdk::ErrorKind::permanent);
  CHECK_FALSE(error.retryable);
  CHECK(error.message == "ollama: malformed response: the body is not JSON");
}

TEST_CASE("faults: a wrong vector size or count is bad_dimension naming expected and got") {
  FakeOllama fake({.dimensions = 4});
  auto provider = load_ollama(fake);
  fake.fail_next(Fault::wrong_dimension());
  auto error = embed_error(provider);
  CHECK(error.kind == sdk::ErrorKind::bad_dimension);
  CHECK_FALSE(error.retryable);
  CHECK(error.message == "ollama: the embedding of input 0 has 5 dimensions, expected 4");

  fake.fail_next(Fault::wrong_count());
  error = embed_error(provider);
  CHECK(error.kind == sdk::ErrorKind::bad_dimension);
  CHECK(error.message == "ollama: expected 3 vectors (one per input), got 2");

  FakeOpenAi openai({.dimensions = 4});
  auto other = load_openai(openai);
  openai.fail_next(Fault::wrong_count());
  error = embed_error(other, {"only one"});
  CHECK(error.kind == sdk::ErrorKind::bad_dimension);
  CHECK(error.message == "openai: expected 1 vector (one per input), got 2");
}

TEST_CASE("faults: a dropped connection is transient") {
  FakeOllama fake({.dimensions = 4});
  auto provider = load_ollama(fake);
  fake.fail_next(Fault::drop_connection());
  auto error = embed_error(provider);
  CHECK(error.kind == sdk::ErrorKind::transient);
  CHECK(error.retryable);
  CHECK_THAT(error.message, Catch::StartsWith("ollama: connection dropped during POST " + fake.base_url()));
  CHECK(provider->embed(kThree, {}).ok());
}

TEST_CASE("faults: 401 is unauthenticated and not retried") {
  FakeOllama fake({.dimensions = 4});
  auto provider = load_ollama(fake);
  fake.fail_next(Fault::unauthorized());
  auto error = embed_error(provider);
  CHECK(error.kind == sdk::ErrorKind::unauthenticated);
  CHECK_FALSE(error.retryable);
  CHECK(error.message == "ollama: credentials rejected, HTTP 401 Unauthorized from POST " + fake.base_url() +
                             "/api/embed: \"unauthorized\"");
}

TEST_CASE("faults: a refused connection is transient and names the address") {
  std::string base_url;
  {
    FakeOllama gone({.dimensions = 4});
    base_url = gone.base_url();
  }
  auto provider = try_load_provider("ollama", {{"base_url", base_url}, {"dimensions", "4"}});
  REQUIRE(provider.ok());
  auto error = embed_error(provider.value());
  CHECK(error.kind == sdk::ErrorKind::transient);
  CHECK_THAT(error.message, Catch::StartsWith("ollama: cannot connect to " + base_url + "/api/embed"));
}

TEST_CASE("faults: one failed request fails the whole call, no partial answer") {
  FakeOllama fake({.dimensions = 4});
  auto provider = load_ollama(fake, {{"max_inputs_per_call", "16"}});
  fake.fail_next(Fault::latency(milliseconds(0)));  // the first request goes through
  fake.fail_next(Fault::server_error());             // the second does not
  auto result = provider->embed(numbered_texts(40), {});
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().kind == sdk::ErrorKind::transient);
  CHECK_THAT(result.error().message, Catch::StartsWith("ollama: request 2 of 3 (inputs 16-31): server error, HTTP 500"));
  CHECK(fake.calls() == 2);  // the third was never sent
}
