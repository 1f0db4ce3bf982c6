#include "api/backup_metrics.hpp"

#include "common/clock.hpp"
#include "datamove/backup_catalog.hpp"

namespace vellum::api {

std::string backup_prometheus_text(const std::filesystem::path& data_dir, std::int64_t now_epoch_ms) {
  const auto last = datamove::last_backup(data_dir);
  const std::int64_t finished_ms = last ? to_epoch_ms(last->finished_at) : 0;
  std::string text =
      "# HELP vellum_backup_last_success_timestamp_seconds When the newest vellum backup of this data directory "
      "finished (Unix time; 0: none recorded).\n"
      "# TYPE vellum_backup_last_success_timestamp_seconds gauge\n"
      "vellum_backup_last_success_timestamp_seconds " +
      std::to_string(finished_ms / 1000) + "\n";
  if (!last) return text;
  text += "# HELP vellum_backup_age_seconds Seconds since the newest backup finished.\n"
          "# TYPE vellum_backup_age_seconds gauge\n"
          "vellum_backup_age_seconds " +
          std::to_string(std::max<std::int64_t>(0, now_epoch_ms - finished_ms) / 1000) + "\n" +
          "# HELP vellum_backup_size_bytes Size of the newest backup's file.\n"
          "# TYPE vellum_backup_size_bytes gauge\n"
          "vellum_backup_size_bytes " +
          std::to_string(last->bytes) + "\n";
  return text;
}

}  // namespace vellum::api
