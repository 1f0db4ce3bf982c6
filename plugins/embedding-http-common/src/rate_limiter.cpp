#include "vellum/embedding_http/rate_limiter.hpp"

#include <algorithm>
#include <string>

#include "vellum/embedding_http/http_errors.hpp"

namespace vellum::embedding_http {

using Clock = TokenBucket::Clock;

TokenBucket::TokenBucket(double per_minute, Clock::time_point now)
    : per_second_(per_minute / 60.0), capacity_(std::max(per_minute / 60.0, 1.0)), level_(capacity_), updated_(now) {}

void TokenBucket::refill(Clock::time_point now) {
  if (now <= updated_) return;
  const double elapsed = std::chrono::duration<double>(now - updated_).count();
  level_ = std::min(capacity_, level_ + elapsed * per_second_);
  updated_ = now;
}

Clock::duration TokenBucket::wait_for(double amount, Clock::time_point now) {
  if (per_second_ <= 0) return Clock::duration::zero();
  refill(now);
  const double needed = std::min(amount, capacity_);
  if (level_ >= needed) return Clock::duration::zero();
  return std::chrono::ceil<Clock::duration>(std::chrono::duration<double>((needed - level_) / per_second_));
}

void TokenBucket::take(double amount, Clock::time_point now) {
  if (per_second_ <= 0) return;
  refill(now);
  level_ -= amount;
}

RateLimiter::RateLimiter(std::uint64_t requests_per_minute, std::uint64_t tokens_per_minute)
    : unlimited_(requests_per_minute == 0 && tokens_per_minute == 0),
      requests_(static_cast<double>(requests_per_minute), Clock::now()),
      tokens_(static_cast<double>(tokens_per_minute), Clock::now()) {}

sdk::Status RateLimiter::acquire(std::uint64_t tokens, const sdk::EmbedOptions& options) {
  if (unlimited_) return {};
  std::unique_lock lock(mutex_);
  for (;;) {
    if (options.stop.stop_requested()) {
      return sdk::Error(sdk::ErrorKind::cancelled, "cancelled while waiting for the rate limit");
    }
    const auto now = Clock::now();
    const auto wait = std::max(requests_.wait_for(1, now), tokens_.wait_for(static_cast<double>(tokens), now));
    if (wait == Clock::duration::zero()) {
      requests_.take(1, now);
      tokens_.take(static_cast<double>(tokens), now);
      return {};
    }
    if (options.deadline && now + wait > *options.deadline) {
      const auto after = std::chrono::ceil<std::chrono::milliseconds>(wait);
      return sdk::Error::rate_limited("the configured rate limit (requests_per_minute / tokens_per_minute) allows "
                                      "the next request in " + format_duration(after) + ", after the deadline",
                                      after);
    }
    // Wakes early only on a stop request; another waiter may take the slot first, so check again.
    never_notified_.wait_for(lock, options.stop, wait, [] { return false; });
  }
}

}  // namespace vellum::embedding_http
