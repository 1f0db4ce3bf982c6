// GET /api/queue/status, DELETE /api/queue/tasks/failed, DELETE /api/queue/tasks/:id and
// POST /api/rag/reindex (api-spec §4.3 shapes) with the reference's bugs fixed: a malformed task id is
// a 404, and reindex is non-destructive (old vectors stay until replaced) and skips no_rag articles.
#pragma once

#include "api/routes.hpp"
#include "queue_admin/queue_settings.hpp"

namespace vellum::api {

struct QueueRouteServices {
  queue_admin::QueueSettingsView settings;
};

void register_queue_routes(http::Router& router, ApiServices& services, QueueRouteServices& queue);

}  // namespace vellum::api
