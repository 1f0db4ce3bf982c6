// Where `vellum backup` keeps backups when no FILE is named, how they are named and pruned, and the
// record of the newest backup that /metrics and /health read (so an alert can fire on its age).
//
// A catalogued backup is <data_dir>/backups/vellum-<UTC time>[-<label>].<sqlite|pgdump>, the time as
// 2026-12-07T22-45-00.123Z so that names sort by time. Pruning (`--keep N`) counts per label: daily
// "scheduled" backups never push out a "pre-deployment" one.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "vellum/sdk/result.hpp"
#include "vellum/sdk/types.hpp"

namespace vellum::datamove {

inline constexpr const char* kBackupDirectoryName = "backups";
inline constexpr const char* kLastBackupFileName = "last-backup.json";
inline constexpr std::size_t kMaxLabelLength = 64;

struct CataloguedBackup {
  std::filesystem::path file;
  std::string label;  // "" when none
};

// An error naming the rule when `label` is not 1–64 of [A-Za-z0-9._-].
[[nodiscard]] sdk::Status check_label(std::string_view label);

// <dir>/vellum-<time>[-<label>].<extension for the backend>.
[[nodiscard]] std::filesystem::path catalogued_name(const std::filesystem::path& dir, sdk::Timestamp at,
                                                    std::string_view label, std::string_view backend);

// The catalogued backups in `dir`, oldest first; other files are not looked at.
[[nodiscard]] std::vector<CataloguedBackup> list_catalogued(const std::filesystem::path& dir);

// Deletes the oldest catalogued backups with `label` beyond the newest `keep`; answers what it deleted.
[[nodiscard]] sdk::Result<std::vector<std::filesystem::path>> prune(const std::filesystem::path& dir,
                                                                    std::string_view label, std::size_t keep);

struct BackupRecord {
  std::string file;     // absolute path
  sdk::Timestamp finished_at{};
  std::uintmax_t bytes = 0;
  std::string backend;  // "sqlite", "postgres"
  std::string label;
};

// <data_dir>/last-backup.json, mode 0600.
[[nodiscard]] sdk::Status record_backup(const std::filesystem::path& data_dir, const BackupRecord& record);
// Nothing when no backup was recorded (or the record cannot be read: a warning is logged).
[[nodiscard]] std::optional<BackupRecord> last_backup(const std::filesystem::path& data_dir);

}  // namespace vellum::datamove
