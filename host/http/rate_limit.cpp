#include "http/rate_limit.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "articles/validation.hpp"

namespace vellum::http {

namespace {

// The map holds one entry per active caller and class; beyond this many, expired entries are swept at
// once rather than on the periodic schedule, so a flood of distinct addresses cannot grow it unbounded.
constexpr std::size_t kSweepThreshold = 100'000;
constexpr auto kPurgeInterval = std::chrono::minutes(5);

std::string_view class_name(RouteClass route_class) {
  switch (route_class) {
    case RouteClass::general: return "general";
    case RouteClass::expensive: return "expensive";
    case RouteClass::public_: return "public";
  }
  return "general";
}

bool trusted(std::string_view address, const std::vector<std::string>& proxies) {
  return std::any_of(proxies.begin(), proxies.end(),
                     [&](const std::string& proxy) { return proxy == "*" || proxy == address; });
}

}  // namespace

RateLimiter::Decision RateLimiter::check(RouteClass route_class, std::string_view key,
                                         std::chrono::steady_clock::time_point now) {
  const std::uint32_t max = route_class == RouteClass::general     ? limits_.general
                            : route_class == RouteClass::expensive ? limits_.expensive
                                                                   : limits_.public_;
  if (max == 0) return {};
  std::string id;
  id.append(class_name(route_class)).append("|").append(key);
  std::lock_guard lock(mutex_);
  purge_expired(now);
  Window& window = windows_[id];
  if (window.count == 0 || now > window.reset) {
    window = {1, false, now + limits_.window};
    return {};
  }
  if (window.count >= max) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(window.reset - now);
    const auto seconds = std::chrono::seconds((left.count() + 999) / 1000);
    if (!window.reported) {
      window.reported = true;
      spdlog::warn("rate limit exceeded: class {} key {} ({} per {} ms); further refusals this window not logged",
                   class_name(route_class), key, max, limits_.window.count());
    }
    return {false, std::max(seconds, std::chrono::seconds(1))};
  }
  ++window.count;
  return {};
}

void RateLimiter::purge_expired(std::chrono::steady_clock::time_point now) {
  if (now < next_purge_ && windows_.size() < kSweepThreshold) return;
  next_purge_ = now + kPurgeInterval;
  for (auto it = windows_.begin(); it != windows_.end();) {
    it = now > it->second.reset ? windows_.erase(it) : std::next(it);
  }
}

Response rate_limited(std::chrono::seconds retry_after) {
  Response response = Response::json(429, {{"error", "Rate limit exceeded"}, {"retryAfter", retry_after.count()}});
  response.headers.set("Retry-After", std::to_string(retry_after.count()));
  return response;
}

std::string client_address(const Request& request, const std::vector<std::string>& trusted_proxies) {
  if (!trusted(request.remote_address, trusted_proxies)) return request.remote_address;
  auto forwarded = request.header("X-Forwarded-For");
  if (!forwarded) return request.remote_address;
  std::string_view rest = *forwarded;
  std::string client = request.remote_address;
  // Walk from the right: each trusted hop vouches for the address to its left.
  while (!rest.empty()) {
    const auto comma = rest.rfind(',');
    const auto entry = articles::trim(comma == std::string_view::npos ? rest : rest.substr(comma + 1));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(0, comma);
    if (entry.empty()) continue;
    client = std::string(entry);
    if (!trusted(entry, trusted_proxies)) break;
  }
  return client;
}

}  // namespace vellum::http
