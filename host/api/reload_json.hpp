// JSON of the reload record: one reload's outcome (the answer of POST /api/admin/reload and `vellum
// reload --json`, and lastReload in GET /api/admin/runtime and the admin /health), and the running
// runtime (GET /api/admin/runtime).
#pragma once

#include <nlohmann/json.hpp>

#include "plugins/runtime.hpp"
#include "reload/reload_record.hpp"

namespace vellum::api {

[[nodiscard]] nlohmann::json outcome_json(const reload::ReloadOutcome& outcome);
// {"file", "sha256", "lastGood", "appliedAt"}
[[nodiscard]] nlohmann::json running_config_json(const reload::RunningConfig& running);
// Each slot's plugin and version, the running configuration, the last reload and counts by outcome,
// and the keys whose file value an environment variable overrides.
[[nodiscard]] nlohmann::json runtime_json(const reload::ReloadRecord::View& record, const plugins::Runtime* runtime);

}  // namespace vellum::api
