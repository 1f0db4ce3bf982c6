#include "api/admin_routes.hpp"

#include "api/errors.hpp"
#include "api/reload_json.hpp"
#include "api/route_params.hpp"

namespace vellum::api {

void register_admin_routes(http::Router& router, ApiServices& services, reload::Reloader& reloader,
                           const reload::ReloadRecord& record) {
  // Expensive: each reload scans the plugin directories and may build and health-check plugins.
  router.add("POST", "/api/admin/reload",
             guard(services.guard, {http::Access::admin, http::RouteClass::expensive},
                   [&reloader](const http::Request& request, const http::Caller&) {
                     // newDataset=true: a changed storage.* may name an empty or foreign database.
                     auto new_dataset = boolean_query(request, "newDataset");
                     if (!new_dataset) return error_response(new_dataset.error());
                     const auto outcome = reloader.reload(reload::Trigger::api, {new_dataset.value()});
                     // 422: the request was fine, the configuration it asked for could not be applied.
                     return http::Response::json(outcome.outcome == reload::Outcome::refused ? 422 : 200,
                                                 outcome_json(outcome));
                   }));
  router.add("GET", "/api/admin/runtime",
             guard(services.guard, {http::Access::admin},
                   [&services, &record](const http::Request&, const http::Caller&) {
                     const auto runtime = services.runtime.current();
                     return http::Response::json(200, runtime_json(record.view(), runtime.get()));
                   }));
}

}  // namespace vellum::api
