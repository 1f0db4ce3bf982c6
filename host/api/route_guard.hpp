// The pipeline in front of every API handler (api-spec §4.1, with separate limiter budgets):
//   public routes:  public rate limit (per address, or per token when one is sent) → handler
//   other routes:   authenticate (401; failures count against the address's budget, 429) →
//                   general rate limit per token (429) → access check
//                   (admin-only: 401, write: 403) → expensive limit where declared (429) → handler
// Handlers receive the Caller; an exception escaping one is logged and answered 500.
//
//   router.add("POST", "/api/articles",
//              guard(context, {http::Access::write}, [&](const http::Request& r, const http::Caller& c) {...}));
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "http/auth.hpp"
#include "http/rate_limit.hpp"
#include "http/router.hpp"

namespace vellum::api {

using ApiHandler = std::function<http::Response(const http::Request&, const http::Caller&)>;

struct GuardContext {
  http::Authenticator& auth;
  http::RateLimiter& limiter;
  std::vector<std::string> trusted_proxies;
};

struct RouteRules {
  http::Access access = http::Access::read;
  http::RouteClass limit = http::RouteClass::general;  // public routes always use RouteClass::public_
};

[[nodiscard]] http::Handler guard(GuardContext& context, RouteRules rules, ApiHandler handler);

// Counts a request whose credentials are missing or matched nothing against its client address's
// general budget, so guessing tokens (each guess a storage lookup) is throttled like any other
// traffic. The guard and /mcp both call it: one budget per address across REST and MCP.
[[nodiscard]] http::RateLimiter::Decision count_failed_authentication(GuardContext& context,
                                                                      const http::Request& request);

}  // namespace vellum::api
