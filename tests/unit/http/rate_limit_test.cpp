// The fixed-window limiter, the client address behind proxies, and bearer parsing.
#include <catch2/catch.hpp>

#include "http/auth.hpp"
#include "http/rate_limit.hpp"

using namespace vellum::http;
using Clock = std::chrono::steady_clock;

TEST_CASE("fixed window: max requests, then refusals with Retry-After, then a new window") {
  RateLimiter limiter({std::chrono::milliseconds(10'000), 3, 1, 2});
  const auto t0 = Clock::now();
  for (int i = 0; i < 3; ++i) CHECK(limiter.check(RouteClass::general, "k", t0).allowed);
  auto refused = limiter.check(RouteClass::general, "k", t0 + std::chrono::milliseconds(2'500));
  CHECK_FALSE(refused.allowed);
  CHECK(refused.retry_after == std::chrono::seconds(8));
  CHECK(limiter.check(RouteClass::general, "other", t0).allowed);  // per key
  CHECK(limiter.check(RouteClass::public_, "k", t0).allowed);      // per class
  CHECK(limiter.check(RouteClass::general, "k", t0 + std::chrono::milliseconds(10'001)).allowed);
}

TEST_CASE("a limit of 0 is unlimited") {
  RateLimiter limiter({std::chrono::milliseconds(1'000), 0, 0, 0});
  for (int i = 0; i < 1000; ++i) REQUIRE(limiter.check(RouteClass::general, "k").allowed);
}

TEST_CASE("client address: the peer unless it is a trusted proxy") {
  Request request;
  request.remote_address = "127.0.0.1";
  request.headers.set("X-Forwarded-For", "1.2.3.4, 10.0.0.9");
  CHECK(client_address(request, {}) == "127.0.0.1");
  CHECK(client_address(request, {"127.0.0.1"}) == "10.0.0.9");
  CHECK(client_address(request, {"127.0.0.1", "10.0.0.9"}) == "1.2.3.4");
  request.headers.erase("X-Forwarded-For");
  CHECK(client_address(request, {"127.0.0.1"}) == "127.0.0.1");
}

TEST_CASE("bearer tokens: 'Bearer ' removed, trimmed, the bare token accepted") {
  Request request;
  CHECK_FALSE(bearer_token(request));
  request.headers.set("Authorization", "Bearer  abc ");
  CHECK(bearer_token(request) == "abc");
  request.headers.set("Authorization", "abc");
  CHECK(bearer_token(request) == "abc");
  request.headers.set("Authorization", "Bearer ");
  CHECK_FALSE(bearer_token(request));
}
