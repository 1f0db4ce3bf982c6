// /metrics lines for backups: when the newest `vellum backup` of this data directory finished, read
// from its record (datamove/backup_catalog.hpp), so an alert can fire when backups stop.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

namespace vellum::api {

// vellum_backup_last_success_timestamp_seconds (0 before the first backup) and, once there is one,
// vellum_backup_age_seconds and vellum_backup_size_bytes.
[[nodiscard]] std::string backup_prometheus_text(const std::filesystem::path& data_dir, std::int64_t now_epoch_ms);

}  // namespace vellum::api
