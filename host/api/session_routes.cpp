// GET /api/session: what the presented token may do, so a client (the console) shows only the
// controls its caller can use. The server still checks every request on its own.
#include "api/console_api_routes.hpp"

namespace vellum::api {

void register_session_routes(http::Router& router, ApiServices& s) {
  router.add("GET", "/api/session",
             guard(s.guard, {http::Access::read}, [](const http::Request&, const http::Caller& caller) {
               return http::Response::json(200, {{"kind", caller.is_admin() ? "admin" : "api_key"},
                                                 {"name", caller.name},
                                                 {"scope", caller.scope},
                                                 {"canWrite", caller.can_write()},
                                                 {"isAdmin", caller.is_admin()}});
             }));
}

}  // namespace vellum::api
