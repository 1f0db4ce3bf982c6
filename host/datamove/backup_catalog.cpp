#include "datamove/backup_catalog.hpp"

#include <algorithm>
#include <fstream>
#include <regex>
#include <sstream>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "common/clock.hpp"
#include "vellum/sdk/private_files.hpp"

namespace vellum::datamove {

namespace {

const std::regex& catalogued_pattern() {
  static const std::regex pattern(
      R"(vellum-(\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.\d{3}Z)(?:-([A-Za-z0-9._-]{1,64}))?\.(sqlite|pgdump))");
  return pattern;
}

}  // namespace

sdk::Status check_label(std::string_view label) {
  const bool allowed = std::all_of(label.begin(), label.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
           c == '-';
  });
  if (label.empty() || label.size() > kMaxLabelLength || !allowed) {
    return sdk::Error(sdk::ErrorKind::invalid_argument,
                      "--label expects 1 to 64 letters, digits, '.', '_' or '-', got '" + std::string(label) + "'");
  }
  return sdk::ok_status();
}

std::filesystem::path catalogued_name(const std::filesystem::path& dir, sdk::Timestamp at, std::string_view label,
                                      std::string_view backend) {
  std::string time = format_iso8601(at);  // 2026-12-07T22:45:00.123Z
  std::replace(time.begin(), time.end(), ':', '-');
  std::string name = "vellum-" + time;
  if (!label.empty()) name += "-" + std::string(label);
  name += backend == "postgres" ? ".pgdump" : ".sqlite";
  return dir / name;
}

std::vector<CataloguedBackup> list_catalogued(const std::filesystem::path& dir) {
  std::vector<CataloguedBackup> found;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    std::smatch match;
    if (!entry.is_regular_file(ec) || !std::regex_match(name, match, catalogued_pattern())) continue;
    found.push_back({entry.path(), match[2].str()});
  }
  // The names begin with the time: their order is the backups' order.
  std::sort(found.begin(), found.end(),
            [](const auto& a, const auto& b) { return a.file.filename() < b.file.filename(); });
  return found;
}

sdk::Result<std::vector<std::filesystem::path>> prune(const std::filesystem::path& dir, std::string_view label,
                                                      std::size_t keep) {
  std::vector<std::filesystem::path> same_label;
  for (const auto& backup : list_catalogued(dir)) {
    if (backup.label == label) same_label.push_back(backup.file);
  }
  std::vector<std::filesystem::path> deleted;
  if (same_label.size() <= keep) return deleted;
  for (std::size_t i = 0; i + keep < same_label.size(); ++i) {
    std::error_code ec;
    if (!std::filesystem::remove(same_label[i], ec) && ec) {
      return sdk::Error(sdk::ErrorKind::permanent, "cannot delete the old backup " + same_label[i].string() + ": " +
                                                ec.message());
    }
    deleted.push_back(same_label[i]);
  }
  return deleted;
}

sdk::Status record_backup(const std::filesystem::path& data_dir, const BackupRecord& record) {
  const nlohmann::json document = {{"file", record.file},
                                   {"finishedAt", format_iso8601(record.finished_at)},
                                   {"bytes", record.bytes},
                                   {"backend", record.backend},
                                   {"label", record.label}};
  return sdk::write_private_file(data_dir / kLastBackupFileName, document.dump(2) + "\n");
}

std::optional<BackupRecord> last_backup(const std::filesystem::path& data_dir) {
  const auto path = data_dir / kLastBackupFileName;
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::stringstream text;
  text << in.rdbuf();
  const auto document = nlohmann::json::parse(text.str(), nullptr, false);
  const auto finished = document.is_object() ? parse_iso8601(document.value("finishedAt", "")) : std::nullopt;
  if (!finished) {
    spdlog::warn("{} is not a backup record; ignored", path.string());
    return std::nullopt;
  }
  return BackupRecord{document.value("file", ""), *finished, document.value("bytes", std::uintmax_t{0}),
                      document.value("backend", ""), document.value("label", "")};
}

}  // namespace vellum::datamove
