// The retry schedule as a pure function: base · 2^(attempt-1), capped, jittered within ±jitter and
// never above the cap (Oban's backoff tests check bounds the same way).
#include <catch2/catch.hpp>

#include <random>

#include "backoff.hpp"

using namespace std::chrono_literals;
using vellum::queue_background::BackoffPolicy;
using vellum::queue_background::nominal_delay;
using vellum::queue_background::retry_delay;

TEST_CASE("the nominal retry delay doubles per failed attempt and stops at the cap") {
  const BackoffPolicy policy{1000ms, 10000ms, 10};
  CHECK(nominal_delay(policy, 1) == 1000ms);
  CHECK(nominal_delay(policy, 2) == 2000ms);
  CHECK(nominal_delay(policy, 3) == 4000ms);
  CHECK(nominal_delay(policy, 4) == 8000ms);
  CHECK(nominal_delay(policy, 5) == 10000ms);
  CHECK(nominal_delay(policy, 60) == 10000ms);  // no overflow far past the cap
  CHECK(nominal_delay(policy, 0) == 1000ms);    // a claim always counts at least one attempt
}

TEST_CASE("jittered delays stay within the band around the nominal delay and never pass the cap") {
  const BackoffPolicy policy{100ms, 1000ms, 10};
  std::mt19937_64 engine(42);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (std::int32_t attempt = 1; attempt <= 8; ++attempt) {
    const auto nominal = nominal_delay(policy, attempt).count();
    for (int i = 0; i < 500; ++i) {
      const auto d = retry_delay(policy, attempt, unit(engine)).count();
      CHECK(d >= static_cast<long long>(nominal * 0.9) - 1);
      CHECK(d <= std::min<long long>(static_cast<long long>(nominal * 1.1) + 1, 1000));
    }
  }
  CHECK(retry_delay(policy, 1, 0.0) == 90ms);
  CHECK(retry_delay(policy, 1, 0.5) == 100ms);
  CHECK(retry_delay({100ms, 1000ms, 0}, 3, 0.99) == 400ms);  // no jitter: exactly the schedule
}
