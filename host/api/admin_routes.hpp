// The runtime's administration over HTTP, admin token only:
//   POST /api/admin/reload   re-read the configuration file and apply it now; the answer is the outcome
//                            (200 applied or unchanged, 422 refused with every reason)
//   GET  /api/admin/runtime  generation, configuration file and hash, each slot's plugin and version,
//                            the last reload, and the keys an environment variable masks
#pragma once

#include "api/routes.hpp"
#include "reload/reloader.hpp"

namespace vellum::api {

void register_admin_routes(http::Router& router, ApiServices& services, reload::Reloader& reloader,
                           const reload::ReloadRecord& record);

}  // namespace vellum::api
