#include "api/route_guard.hpp"

#include <spdlog/spdlog.h>

#include "api/errors.hpp"
#include "common/redact.hpp"

namespace vellum::api {

namespace {

http::Response unauthorized() { return http::Response::error(401, "Unauthorized"); }

http::Response insufficient_scope() {
  return http::Response::json(403, {{"error", "Insufficient permissions"},
                                    {"message", "This operation requires write scope, but token has read-only scope"}});
}

http::Response call(const ApiHandler& handler, const http::Request& request, const http::Caller& caller) {
  try {
    return handler(request, caller);
  } catch (const std::exception& e) {
    spdlog::error("api: {} {} failed: {}", request.method, redact_target(request.path), e.what());
  } catch (...) {
    spdlog::error("api: {} {} failed with a non-exception", request.method, redact_target(request.path));
  }
  return http::internal_error();
}

std::string address_key(const http::Request& request, const GuardContext& context) {
  return "ip:" + http::client_address(request, context.trusted_proxies);
}

std::string limit_key(const http::Caller& caller, const http::Request& request, const GuardContext& context) {
  if (caller.authenticated()) return caller.rate_key();
  return address_key(request, context);
}

}  // namespace

http::Handler guard(GuardContext& context, RouteRules rules, ApiHandler handler) {
  return [&context, rules, handler = std::move(handler)](const http::Request& request) -> http::Response {
    auto authenticated = context.auth.authenticate(request);
    if (!authenticated) return error_response(authenticated.error());
    const http::Caller& caller = authenticated.value();

    if (rules.access == http::Access::anyone) {
      if (auto d = context.limiter.check(http::RouteClass::public_, limit_key(caller, request, context)); !d.allowed)
        return http::rate_limited(d.retry_after);
      return call(handler, request, caller);
    }
    if (!caller.authenticated()) {
      if (auto d = count_failed_authentication(context, request); !d.allowed) return http::rate_limited(d.retry_after);
      return unauthorized();
    }
    if (auto d = context.limiter.check(http::RouteClass::general, caller.rate_key()); !d.allowed)
      return http::rate_limited(d.retry_after);
    // The reference API answers admin-only routes with 401 for API keys, not 403 (api-spec §4.3).
    if (rules.access == http::Access::admin && !caller.is_admin()) return unauthorized();
    if (rules.access == http::Access::write && !caller.can_write()) return insufficient_scope();
    if (rules.limit == http::RouteClass::expensive) {
      if (auto d = context.limiter.check(http::RouteClass::expensive, caller.rate_key()); !d.allowed)
        return http::rate_limited(d.retry_after);
    }
    return call(handler, request, caller);
  };
}

http::RateLimiter::Decision count_failed_authentication(GuardContext& context, const http::Request& request) {
  return context.limiter.check(http::RouteClass::general, address_key(request, context));
}

}  // namespace vellum::api
