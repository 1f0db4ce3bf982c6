// Time and throughput: deadlines, cancellation, connection reuse, the concurrency limit and the
// rate limiter. Bounds are generous ("finished well before the hang would end"), never tight.
#include <catch2/catch.hpp>

#include <future>
#include <thread>

#include "providers/provider_fixture.hpp"

using namespace vellum::test;
namespace sdk = vellum::sdk;
using std::chrono::milliseconds;

namespace {
const std::vector<std::string> kOne{"one text"};
}  // namespace

TEST_CASE("limits: the caller's deadline cuts a hung request short") {
  FakeOllama fake({.dimensions = 4});
  auto provider = load_ollama(fake, {{"timeout_ms", "30000"}});
  fake.fail_always(Fault::hang());
  const auto start = std::chrono::steady_clock::now();
  auto result = provider->embed(kOne, with_deadline(milliseconds(300)));
  CHECK(seconds_since(start) < 3.0);
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().kind == sdk::ErrorKind::transient);
  CHECK_THAT(result.error().message, Catch::Contains("(the caller's deadline)"));
}

TEST_CASE("limits: a deadline already past sends nothing") {
  FakeOllama fake({.dimensions = 4});
  auto provider = load_ollama(fake);
  auto result = provider->embed(kOne, with_deadline(milliseconds(-1)));
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().kind == sdk::ErrorKind::transient);
  CHECK_THAT(result.error().message, Catch::Contains("the deadline passed before POST"));
  CHECK(fake.calls() == 0);
}

TEST_CASE("limits: a stop request cancels a request in flight at once") {
  FakeOllama fake({.dimensions = 4});
  auto provider = load_ollama(fake, {{"timeout_ms", "30000"}});
  fake.fail_always(Fault::hang());
  std::stop_source stop;
  sdk::EmbedOptions options;
  options.stop = stop.get_token();
  const auto start = std::chrono::steady_clock::now();
  std::jthread stopper([&stop] {
    std::this_thread::sleep_for(milliseconds(200));
    stop.request_stop();
  });
  auto result = provider->embed(kOne, options);
  CHECK(seconds_since(start) < 3.0);
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().kind == sdk::ErrorKind::cancelled);
  CHECK_FALSE(result.error().retryable);
}

TEST_CASE("limits: a stop request cancels a call waiting for the rate limiter") {
  FakeOllama fake({.dimensions = 4});
  auto provider = load_ollama(fake, {{"requests_per_minute", "1"}});
  REQUIRE(provider->embed(kOne, {}).ok());  // uses the minute's only request
  std::stop_source stop;
  sdk::EmbedOptions options;
  options.stop = stop.get_token();
  const auto start = std::chrono::steady_clock::now();
  std::jthread stopper([&stop] {
    std::this_thread::sleep_for(milliseconds(100));
    stop.request_stop();
  });
  auto result = provider->embed(kOne, options);
  CHECK(seconds_since(start) < 5.0);  // the limiter alone would wait a minute
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().kind == sdk::ErrorKind::cancelled);
  CHECK_THAT(result.error().message, Catch::Contains("waiting for the rate limit"));
  CHECK(fake.calls() == 1);
}

TEST_CASE("limits: the rate limiter delays requests rather than failing them") {
  FakeOllama fake({.dimensions = 4});
  auto provider = load_ollama(fake, {{"requests_per_minute", "120"}});  // 2 a second, bursts of 2
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 5; ++i) REQUIRE(provider->embed(kOne, {}).ok());
  const double elapsed = seconds_since(start);
  CHECK(fake.calls() == 5);
  CHECK(elapsed >= 1.0);  // 2 at once, then one every 0.5 s: at least 1.5 s by the limiter's arithmetic
  CHECK(elapsed < 10.0);
}

TEST_CASE("limits: a rate-limit wait beyond the deadline answers rate_limited at once") {
  FakeOllama fake({.dimensions = 4});
  auto provider = load_ollama(fake, {{"tokens_per_minute", "600"}});  // 10 tokens a second
  const std::vector<std::string> big{std::string(160, 'z')};           // 40 tokens: goes, leaves debt
  REQUIRE(provider->embed(big, {}).ok());
  const auto start = std::chrono::steady_clock::now();
  auto result = provider->embed(big, with_deadline(milliseconds(500)));
  CHECK(seconds_since(start) < 0.5);
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().kind == sdk::ErrorKind::rate_limited);
  REQUIRE(result.error().retry_after.has_value());
  CHECK(*result.error().retry_after > milliseconds(1000));
  CHECK(fake.calls() == 1);
}

TEST_CASE("limits: sequential calls reuse one connection") {
  FakeOllama fake({.dimensions = 4});
  auto provider = load_ollama(fake);
  for (int i = 0; i < 20; ++i) REQUIRE(provider->embed(kOne, {}).ok());
  CHECK(fake.calls() == 20);
  CHECK(fake.connections() == 1);
}

TEST_CASE("limits: no more requests in flight than concurrency allows") {
  FakeOllama fake({.dimensions = 4});
  auto provider = load_ollama(fake, {{"concurrency", "2"}});
  fake.fail_always(Fault::latency(milliseconds(150)));
  std::vector<std::future<bool>> callers;
  for (int i = 0; i < 6; ++i) {
    callers.push_back(std::async(std::launch::async, [&provider] { return provider->embed(kOne, {}).ok(); }));
  }
  for (auto& caller : callers) CHECK(caller.get());
  CHECK(fake.calls() == 6);
  CHECK(fake.max_in_flight() <= 2);
  CHECK(fake.max_in_flight() >= 1);
  CHECK(fake.connections() <= 2);  // the two slots keep their connections
}
