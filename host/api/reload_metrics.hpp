// The reload record in the Prometheus text format, appended to /metrics by `vellum serve`:
//   vellum_reload_last_success            1 when the last reload applied or found nothing to change,
//                                         0 when it was refused (alert on it); 1 before any reload
//   vellum_reloads_total{outcome}         applied, unchanged, refused since the process started
//   vellum_reload_last_timestamp_seconds  when the last reload finished (0 before any)
//   vellum_runtime_generation             the active runtime snapshot's generation
//   vellum_config_last_good               1 when serve refused its file and runs on the last good copy
#pragma once

#include <cstdint>
#include <string>

#include "reload/reload_record.hpp"

namespace vellum::api {

[[nodiscard]] std::string reload_prometheus_text(const reload::ReloadRecord::View& record, std::uint64_t generation);

}  // namespace vellum::api
