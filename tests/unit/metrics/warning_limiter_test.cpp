// One line per key and interval, and the next line says how many were held back.
#include <catch2/catch.hpp>

#include "metrics/warning_limiter.hpp"

using namespace vellum::metrics;
using namespace std::chrono_literals;

TEST_CASE("a degraded mode is logged once per interval, with the count held back since", "[metrics]") {
  WarningLimiter limiter(10s);
  const auto t0 = WarningLimiter::Clock::time_point{} + 1h;
  CHECK(limiter.line("provider", "down", t0) == "down");
  CHECK(limiter.line("provider", "down", t0 + 1s).empty());
  CHECK(limiter.line("provider", "down", t0 + 9s).empty());
  CHECK(limiter.line("other", "also down", t0 + 9s) == "also down");  // keys are independent
  CHECK(limiter.line("provider", "down", t0 + 10s) == "down (2 more since the last line)");
  CHECK(limiter.line("provider", "down", t0 + 25s) == "down");
}
