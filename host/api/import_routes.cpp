// /api/import/status | validate | start — importing the server's data directory.
#include "api/errors.hpp"
#include "api/routes.hpp"

namespace vellum::api {

void register_import_routes(http::Router& router, ApiServices& s) {
  using http::Access;
  using http::Request;
  using http::Response;
  auto& g = s.guard;
  router.add("GET", "/api/import/status", guard(g, {Access::admin}, [&s](const Request&, const http::Caller&) {
               return Response::json(200, s.imports.status());
             }));
  router.add("POST", "/api/import/validate",
             guard(g, {Access::admin, http::RouteClass::expensive}, [&s](const Request&, const http::Caller&) {
               auto result = s.imports.validate();
               if (!result) return error_response(result.error());
               return Response::json(200, result.value());
             }));
  router.add("POST", "/api/import/start",
             guard(g, {Access::admin, http::RouteClass::expensive}, [&s](const Request&, const http::Caller& c) {
               if (auto started = s.imports.start(c.actor()); !started) return error_response(started.error());
               return Response::json(200, {{"success", true}});
             }));
}

}  // namespace vellum::api
