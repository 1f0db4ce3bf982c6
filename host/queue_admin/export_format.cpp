#include "queue_admin/export_format.hpp"

#include "common/clock.hpp"
#include "queue_admin/queue_snapshot.hpp"
#include "queue_admin/snapshot_json.hpp"
#include "queue_admin/task_json.hpp"

namespace vellum::queue_admin {

sdk::Result<nlohmann::json> export_queue(sdk::StorageBackend& storage, const QueueSettingsView& settings,
                                         sdk::Timestamp now) {
  auto snapshot = take_snapshot(storage, settings, now);
  if (!snapshot) return std::move(snapshot).error();
  nlohmann::json tasks = nlohmann::json::array();
  auto read = storage.read([&](sdk::Repositories& repos) -> sdk::Status {
    auto all = repos.tasks().list({});
    if (!all) return std::move(all).error();
    // Oldest first, so an import re-creates them in their original order.
    for (auto it = all.value().rbegin(); it != all.value().rend(); ++it) tasks.push_back(task_json(*it));
    return {};
  });
  if (!read) return read.error();
  const auto status = status_json(snapshot.value(), settings);
  return nlohmann::json{{"format", kExportFormat},
                        {"version", kExportVersion},
                        {"exportedAt", format_iso8601(now)},
                        {"workerStatus",
                         {{"status", status["workerStatus"]},
                          {"control", status["control"]},
                          {"workers", status["workers"]},
                          {"stats", status["stats"]}}},
                        {"config", status["config"]},
                        {"tasks", tasks}};
}

sdk::Result<ImportOutcome> import_queue(sdk::StorageBackend& storage, const nlohmann::json& doc, bool restore_control,
                                        sdk::Timestamp now) {
  if (!doc.is_object() || doc.value("format", "") != kExportFormat) {
    return sdk::Error(sdk::ErrorKind::invalid_argument, "not a vellum queue export (\"format\" is not \"" +
                                                            std::string(kExportFormat) + "\")");
  }
  if (doc.value("version", 0) != kExportVersion) {
    return sdk::Error(sdk::ErrorKind::invalid_argument,
                      "unsupported export version " + doc.value("version", nlohmann::json()).dump());
  }
  if (!doc.contains("tasks") || !doc["tasks"].is_array()) {
    return sdk::Error(sdk::ErrorKind::invalid_argument, "the export has no \"tasks\" array");
  }
  std::vector<sdk::Task> tasks;
  for (std::size_t i = 0; i < doc["tasks"].size(); ++i) {
    auto task = task_from_json(doc["tasks"][i]);
    if (!task) return task.error().with_context("tasks[" + std::to_string(i) + "]");
    tasks.push_back(std::move(task).value());
  }
  std::optional<sdk::WorkerControl> control;
  if (restore_control) {
    const auto& c = doc.contains("workerStatus") ? doc["workerStatus"].value("control", nlohmann::json()) : nlohmann::json();
    if (!c.is_object()) return sdk::Error(sdk::ErrorKind::invalid_argument, "the export has no workerStatus.control");
    sdk::WorkerControl wc;
    wc.is_running = c.value("isRunning", true);
    wc.draining = c.value("draining", false);
    if (c.contains("emergencyReason") && c["emergencyReason"].is_string()) {
      wc.emergency_reason = c["emergencyReason"].get<std::string>();
    }
    control = wc;
  }
  ImportOutcome out;
  auto written = storage.transact([&](sdk::Repositories& repos) -> sdk::Status {
    out = ImportOutcome{};
    out.tasks = static_cast<std::int64_t>(tasks.size());
    for (const auto& task : tasks) {
      auto restored = repos.tasks().restore(task);
      if (!restored) return std::move(restored).error();
      ++(restored.value() ? out.restored : out.skipped);
    }
    if (control) {
      if (auto set = repos.workers().set_control(*control, now); !set) return set;
      out.control_restored = true;
    }
    return {};
  });
  if (!written) return written.error();
  return out;
}

}  // namespace vellum::queue_admin
