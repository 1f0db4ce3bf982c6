// /health: public, rate-limited as public; the admin token gets the detailed form (API keys get the
// public one, as in the reference API).
#include "api/routes.hpp"

namespace vellum::api {

void register_health_routes(http::Router& router, ApiServices& s) {
  auto handler = guard(s.guard, {http::Access::anyone}, [&s](const http::Request&, const http::Caller& caller) {
    return caller.is_admin() ? detailed_health(s.runtime, s.health) : health(s.runtime);
  });
  router.add("GET", "/health", handler);
  router.add("HEAD", "/health", handler);
}

}  // namespace vellum::api
