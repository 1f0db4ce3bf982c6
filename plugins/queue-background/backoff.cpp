#include "backoff.hpp"

#include <algorithm>
#include <cmath>

namespace vellum::queue_background {

std::chrono::milliseconds nominal_delay(const BackoffPolicy& policy, std::int32_t attempt) {
  const std::int32_t exponent = std::max<std::int32_t>(attempt, 1) - 1;
  // Past 2^40 any realistic base exceeds any realistic cap; stop doubling before it overflows.
  if (exponent >= 40) return policy.cap;
  const auto doubled = policy.base.count() * (std::int64_t{1} << exponent);
  return std::chrono::milliseconds(std::min<std::int64_t>(doubled, policy.cap.count()));
}

std::chrono::milliseconds retry_delay(const BackoffPolicy& policy, std::int32_t attempt, double unit_random) {
  const double nominal = static_cast<double>(nominal_delay(policy, attempt).count());
  const double spread = std::clamp(policy.jitter_percent, 0, 100) / 100.0;
  const double factor = 1.0 + spread * (2.0 * std::clamp(unit_random, 0.0, 1.0) - 1.0);
  const double jittered = std::min(nominal * factor, static_cast<double>(policy.cap.count()));
  return std::chrono::milliseconds(static_cast<std::int64_t>(std::llround(std::max(jittered, 0.0))));
}

}  // namespace vellum::queue_background
