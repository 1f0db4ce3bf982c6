#include "api/metrics_routes.hpp"

#include "api/backup_metrics.hpp"
#include "api/embedding_set_metrics.hpp"
#include "api/errors.hpp"
#include "api/reload_metrics.hpp"
#include "common/clock.hpp"
#include "queue_admin/prometheus.hpp"

namespace vellum::api {

void register_metrics_routes(http::Router& router, ApiServices& services,
                             const queue_admin::QueueSettingsView& settings, const reload::ReloadRecord* reloads,
                             std::filesystem::path data_dir, metrics::Registry* registry) {
  router.add("GET", "/metrics",
             guard(services.guard, {http::Access::read}, [&services, settings, reloads, data_dir, registry](const http::Request&, const http::Caller&) {
               const auto rt = services.runtime.current();
               if (!rt || !rt->storage.object) return http::Response::error(503, "storage is not available");
               auto text = queue_admin::prometheus_metrics(*rt->storage.object, settings, now_ms());
               if (!text) return error_response(text.error());
               if (reloads) text.value() += reload_prometheus_text(reloads->view(), rt->generation);
               text.value() += embedding_set_metrics(rt->lanes);
               if (!data_dir.empty()) text.value() += backup_prometheus_text(data_dir, to_epoch_ms(now_ms()));
               if (registry) text.value() += registry->prometheus_text();
               return http::Response::text(200, std::move(text).value(), queue_admin::kPrometheusContentType);
             }));
}

}  // namespace vellum::api
