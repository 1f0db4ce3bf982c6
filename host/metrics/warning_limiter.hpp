// At most one log line per key and interval for a degraded mode that can happen on every request (a
// provider outage fails every search the same way): the first occurrence is logged at once, the rest
// are counted, and the next line says how many were not logged since.
//
//   static metrics::WarningLimiter semantic_lost(std::chrono::seconds(10));
//   semantic_lost.warn("search", "the semantic half failed: " + reason);
//   // → "the semantic half failed: … (3 more since the last line)"
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

namespace vellum::metrics {

class WarningLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  explicit WarningLimiter(Clock::duration interval) : interval_(interval) {}

  // Logs `message` at warn level unless `key` was logged less than the interval ago.
  void warn(std::string_view key, std::string_view message);
  // The line warn() would log now, or "" when it holds it back (for tests, and for callers with their
  // own logger).
  [[nodiscard]] std::string line(std::string_view key, std::string_view message, Clock::time_point now);

 private:
  struct KeyState {
    Clock::time_point last_logged;
    std::uint64_t held_back = 0;
  };
  Clock::duration interval_;
  std::mutex mutex_;
  std::map<std::string, KeyState, std::less<>> keys_;
};

}  // namespace vellum::metrics
