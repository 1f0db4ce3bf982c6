#include "journal.hpp"

namespace vellum::queue_background {

namespace {

std::string dump(const nlohmann::json& details) {
  return details.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

sdk::AuditEntry entry(std::string_view category, std::string_view kind, std::string_view event,
                      nlohmann::json details, sdk::Timestamp now, std::string_view level) {
  if (!details.is_object()) details = nlohmann::json::object();
  details["event"] = event;
  sdk::AuditEntry e;
  e.timestamp = now;
  e.level = std::string(level);
  e.category = std::string(category);
  e.message = std::string(kind) + " " + std::string(event);
  e.metadata_json = dump(details);
  return e;
}

}  // namespace

void Journal::task_event(const sdk::Task& task, std::string_view event, nlohmann::json details, sdk::Timestamp now,
                         std::string_view level, std::optional<std::string> error, std::optional<double> duration_ms) {
  if (!details.is_object()) details = nlohmann::json::object();
  details["slug"] = task.slug;
  details["operation"] = sdk::to_string(task.operation);
  details["priority"] = sdk::to_string(task.priority);
  details["attempt"] = task.attempts;
  auto e = entry("task_lifecycle", "Task", event, std::move(details), now, level);
  e.task_id = task.id;
  e.article_id = task.article_id;
  e.error = std::move(error);
  e.duration_ms = duration_ms;
  audit.push_back(std::move(e));
}

void Journal::queue_event(const sdk::Task& task, std::string_view event, nlohmann::json details, sdk::Timestamp now) {
  if (!details.is_object()) details = nlohmann::json::object();
  details["slug"] = task.slug;
  details["operation"] = sdk::to_string(task.operation);
  details["priority"] = sdk::to_string(task.priority);
  details["attempt"] = task.attempts;
  auto e = entry("queue_operations", "Queue", event, std::move(details), now, "info");
  e.task_id = task.id;
  e.article_id = task.article_id;
  audit.push_back(std::move(e));
}

void Journal::worker_event(std::string_view event, nlohmann::json details, sdk::Timestamp now,
                           std::string_view level, std::optional<std::string> error) {
  auto e = entry("worker_status", "Worker", event, std::move(details), now, level);
  e.error = std::move(error);
  audit.push_back(std::move(e));
}

void Journal::error_event(std::string_view message, std::string_view error, nlohmann::json details,
                          sdk::Timestamp now) {
  if (!details.is_object()) details = nlohmann::json::object();
  sdk::AuditEntry e;
  e.timestamp = now;
  e.level = "error";
  e.category = "error_handling";
  e.message = std::string(message);
  e.metadata_json = dump(details);
  e.error = std::string(error);
  audit.push_back(std::move(e));
}

void Journal::sample(std::string_view type, double value, std::string_view unit, sdk::Timestamp now,
                     const sdk::Task* task, nlohmann::json details) {
  sdk::MetricSample s;
  s.timestamp = now;
  s.metric_type = std::string(type);
  s.value = value;
  s.unit = std::string(unit);
  if (task) {
    s.task_id = task->id;
    s.article_id = task->article_id;
  }
  s.metadata_json = dump(details.is_object() ? details : nlohmann::json::object());
  samples.push_back(std::move(s));
}

sdk::Status Journal::append_to(sdk::Repositories& repos) const {
  if (auto written = repos.audit().append_all(audit); !written) return written;
  return repos.metrics().append_all(samples);
}

void write_journal(sdk::StorageBackend& storage, const Journal& journal, sdk::HostContext& host) {
  if (journal.empty()) return;
  if (auto written = storage.transact([&](sdk::Repositories& repos) { return journal.append_to(repos); }); !written) {
    host.log(sdk::LogLevel::warn, "queue: could not write " + std::to_string(journal.audit.size()) +
                                      " audit rows and " + std::to_string(journal.samples.size()) +
                                      " metric samples: " + written.error().message);
  }
}

void publish_samples(const Journal& journal, sdk::HostContext& host) {
  for (const auto& s : journal.samples) host.record_metric("queue." + s.metric_type, s.value, s.unit);
}

}  // namespace vellum::queue_background
