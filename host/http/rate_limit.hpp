// Abuse limits: fixed-window counters (api-spec §3.3) with a separate budget per route class and per
// caller — by token when authenticated, else by client address. Unlike the reference tool, classes
// never share a counter, and direct clients are told apart by their socket address instead of all
// sharing the key "unknown".
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "http/request.hpp"
#include "http/response.hpp"

namespace vellum::http {

enum class RouteClass { general, expensive, public_ };

struct RateLimits {
  std::chrono::milliseconds window{60'000};
  std::uint32_t general = 60;   // per window; 0 = unlimited
  std::uint32_t expensive = 5;
  std::uint32_t public_ = 30;
};

class RateLimiter {
 public:
  struct Decision {
    bool allowed = true;
    std::chrono::seconds retry_after{0};
  };

  explicit RateLimiter(RateLimits limits) : limits_(limits) {}

  // Counts one request of `key` in `route_class`. A refused request is not counted.
  [[nodiscard]] Decision check(RouteClass route_class, std::string_view key,
                               std::chrono::steady_clock::time_point now = std::chrono::steady_clock::now());

 private:
  struct Window {
    std::uint32_t count = 0;
    bool reported = false;  // the first refusal of a window is logged, the rest are not (no log flood)
    std::chrono::steady_clock::time_point reset;
  };
  void purge_expired(std::chrono::steady_clock::time_point now);

  RateLimits limits_;
  std::mutex mutex_;
  std::unordered_map<std::string, Window> windows_;
  std::chrono::steady_clock::time_point next_purge_{};
};

// 429 {"error":"Rate limit exceeded","retryAfter":s} with Retry-After: s.
[[nodiscard]] Response rate_limited(std::chrono::seconds retry_after);

// The client's address: the socket peer, unless the peer is a trusted proxy; then the right-most
// X-Forwarded-For entry that is not itself a trusted proxy (entries further left are the client's
// own claims and could be forged).
[[nodiscard]] std::string client_address(const Request& request, const std::vector<std::string>& trusted_proxies);

}  // namespace vellum::http
