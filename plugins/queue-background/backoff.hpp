// The retry schedule, in one pure function so its bounds can be tested without a clock:
//   delay(n) = min(cap, base · 2^(n-1)) varied by ±jitter, never above cap,
// where n is the attempt that just failed (1 for the first). Exponential with a cap like Temporal's
// max_interval; the jitter keeps tasks that failed together (a provider outage) from retrying together.
#pragma once

#include <chrono>
#include <cstdint>

namespace vellum::queue_background {

struct BackoffPolicy {
  std::chrono::milliseconds base{1000};
  std::chrono::milliseconds cap{300000};
  int jitter_percent = 10;
};

// The delay before nominal jitter: min(cap, base · 2^(attempt-1)); attempt < 1 counts as 1.
[[nodiscard]] std::chrono::milliseconds nominal_delay(const BackoffPolicy& policy, std::int32_t attempt);

// `unit_random` in [0, 1) picks the point within the jitter band: 0 → lowest, 0.5 → nominal.
[[nodiscard]] std::chrono::milliseconds retry_delay(const BackoffPolicy& policy, std::int32_t attempt,
                                                   double unit_random);

}  // namespace vellum::queue_background
