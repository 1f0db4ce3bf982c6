// GET /metrics: Prometheus text for scrapers (read access: a read-only API key is enough).
#pragma once

#include "api/routes.hpp"
#include "queue_admin/queue_settings.hpp"

namespace vellum::api {

void register_metrics_routes(http::Router& router, ApiServices& services,
                             const queue_admin::QueueSettingsView& settings);

}  // namespace vellum::api
