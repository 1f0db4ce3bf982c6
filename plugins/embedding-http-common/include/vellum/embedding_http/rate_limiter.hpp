// Requests per minute and tokens per minute, as token buckets. A request waits for its turn instead
// of being sent and answered 429: a provider's limit is a fact to plan around, not an error. Each
// bucket holds one second's worth (at least one request), the way providers enforce per-minute
// limits over shorter windows; a request larger than the bucket goes when the bucket is full and
// leaves it in debt, so the average rate still holds.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>

#include "vellum/sdk/embedding.hpp"
#include "vellum/sdk/result.hpp"

namespace vellum::embedding_http {

class TokenBucket {
 public:
  using Clock = std::chrono::steady_clock;

  // 0 = unlimited.
  TokenBucket(double per_minute, Clock::time_point now);

  // How long until `amount` may be taken (zero: now).
  [[nodiscard]] Clock::duration wait_for(double amount, Clock::time_point now);
  void take(double amount, Clock::time_point now);

 private:
  void refill(Clock::time_point now);

  double per_second_ = 0;
  double capacity_ = 0;
  double level_ = 0;
  Clock::time_point updated_;
};

class RateLimiter {
 public:
  RateLimiter(std::uint64_t requests_per_minute, std::uint64_t tokens_per_minute);

  // Waits until a request carrying `tokens` may go. cancelled when `options.stop` fires; when the
  // wait would outlast `options.deadline`, rate_limited at once (retry_after = the wait), without
  // sleeping for nothing.
  [[nodiscard]] sdk::Status acquire(std::uint64_t tokens, const sdk::EmbedOptions& options);

 private:
  bool unlimited_;
  std::mutex mutex_;
  std::condition_variable_any never_notified_;  // only a stop request ends a wait early
  TokenBucket requests_;
  TokenBucket tokens_;
};

}  // namespace vellum::embedding_http
