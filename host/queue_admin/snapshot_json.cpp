#include "queue_admin/snapshot_json.hpp"

#include "common/clock.hpp"
#include "queue_admin/failure_kind.hpp"

namespace vellum::queue_admin {

namespace {

nlohmann::json map_json(const std::map<std::string, std::int64_t>& m) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [k, v] : m) out[k] = v;
  return out;
}

nlohmann::json stats_json(const QueueSnapshot& s) {
  return {{"pending", s.count("pending")},
          {"processing", s.count("processing")},
          {"completed", s.count("completed")},
          {"failed", s.count("failed")},
          {"cancelled", s.count("cancelled")},
          {"total", s.total}};
}

nlohmann::json optional_seconds(const std::optional<double>& v) { return v ? nlohmann::json(*v) : nlohmann::json(); }

nlohmann::json recent_activity_json(const QueueSnapshot& s) {
  return {{"tasksCompletedLast24h", s.activity.completed},
          {"tasksFailedLast24h", s.activity.failed},
          {"tasksCancelledLast24h", s.activity.cancelled},
          {"averageProcessingTime", optional_seconds(s.activity.average_processing_seconds)}};
}

}  // namespace

nlohmann::json workers_json(const QueueSnapshot& s) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& w : s.workers) {
    out.push_back({{"workerId", w.beat.worker_id},
                   {"hostname", w.beat.hostname},
                   {"pid", w.beat.pid},
                   {"version", w.beat.version},
                   {"isRunning", w.beat.is_running},
                   {"state", w.live ? "live" : (w.stale ? "stale" : "stopped")},
                   {"startedAt", format_iso8601(w.beat.started_at)},
                   {"lastHeartbeat", format_iso8601(w.beat.last_heartbeat)},
                   {"heartbeatAgeSeconds", static_cast<double>(w.age.count()) / 1000.0},
                   {"tasksProcessed", w.beat.tasks_processed},
                   {"tasksSucceeded", w.beat.tasks_succeeded},
                   {"tasksFailed", w.beat.tasks_failed}});
  }
  return out;
}

nlohmann::json health_json(const QueueSnapshot& s) {
  nlohmann::json h = {{"isHealthy", s.health.healthy},
                      {"totalTasks", s.total},
                      {"failedTasksLast24h", s.activity.failed},
                      {"cancelledTasksLast24h", s.activity.cancelled},
                      {"issues", s.health.issues},
                      {"recommendations", s.health.recommendations}};
  if (s.oldest_pending) h["oldestPendingTask"] = format_iso8601(s.oldest_pending->created_at);
  if (s.activity.average_processing_seconds) h["averageProcessingTime"] = *s.activity.average_processing_seconds;
  return h;
}

nlohmann::json status_json(const QueueSnapshot& s, const QueueSettingsView& settings) {
  return {{"workerStatus", label(s.state)},
          {"state", name(s.state)},
          {"disabledReason", s.disabled_reason.empty() ? nlohmann::json() : nlohmann::json(s.disabled_reason)},
          {"control",
           {{"isRunning", s.control.is_running},
            {"draining", s.control.draining},
            {"emergencyReason", s.control.emergency_reason ? nlohmann::json(*s.control.emergency_reason)
                                                           : nlohmann::json()},
            {"updatedAt", s.control.updated_at ? nlohmann::json(format_iso8601(*s.control.updated_at))
                                               : nlohmann::json()}}},
          {"workers", workers_json(s)},
          {"stats", stats_json(s)},
          {"tasksByPriority", map_json(s.counts.by_priority)},
          {"tasksByOperation", map_json(s.counts.by_operation)},
          {"recentActivity", recent_activity_json(s)},
          {"health", health_json(s)},
          {"config",
           {{"semanticSearchEnabled", settings.semantic_search_enabled},
            {"queueEnabled", settings.queue_enabled},
            {"strategy", settings.strategy},
            {"settings", settings.settings}}},
          {"timestamp", format_iso8601(s.taken_at)}};
}

nlohmann::json api_status_json(const QueueSnapshot& s, bool error_detail) {
  nlohmann::json errors = nlohmann::json::array();
  for (const auto& t : s.recent_errors) {
    errors.push_back({{"id", t.id},
                      {"slug", t.slug},
                      {"operation", sdk::to_string(t.operation)},
                      {"errorMessage", error_detail ? t.error_message.value_or("Unknown error")
                                                    : failure_kind(t)},
                      {"completedAt", t.completed_at ? nlohmann::json(format_iso8601(*t.completed_at))
                                                     : nlohmann::json()}});
  }
  nlohmann::json health = health_json(s);
  health.erase("recommendations");
  return {{"enabled", true},
          {"stats", stats_json(s)},
          {"tasksByPriority", map_json(s.counts.by_priority)},
          {"tasksByOperation", map_json(s.counts.by_operation)},
          {"recentActivity", recent_activity_json(s)},
          {"recentErrors", errors},
          {"health", health},
          {"worker", {{"status", label(s.state)}, {"workers", workers_json(s)}}},
          // Beyond the reference's shape: the operators' control row, so a client can show a drain or
          // an emergency stop with its reason.
          {"control",
           {{"state", name(s.state)},
            {"isRunning", s.control.is_running},
            {"draining", s.control.draining},
            {"emergencyReason", s.control.emergency_reason ? nlohmann::json(*s.control.emergency_reason)
                                                           : nlohmann::json()}}}};
}

}  // namespace vellum::queue_admin
