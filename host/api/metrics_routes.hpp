// GET /metrics: Prometheus text for scrapers (read access: a read-only API key is enough).
#pragma once

#include <filesystem>

#include "api/routes.hpp"
#include "metrics/metric_registry.hpp"
#include "queue_admin/queue_settings.hpp"
#include "reload/reload_record.hpp"

namespace vellum::api {

// `reloads`, when given, adds the reload metrics (reload_metrics.hpp); `registry`, every family of the
// process's metrics registry (plugins', providers', search's, the change-feed follower's).
void register_metrics_routes(http::Router& router, ApiServices& services,
                             const queue_admin::QueueSettingsView& settings,
                             const reload::ReloadRecord* reloads = nullptr, std::filesystem::path data_dir = {},
                             metrics::Registry* registry = nullptr);

}  // namespace vellum::api
