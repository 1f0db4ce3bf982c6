#include "backlog_outcome.hpp"

#include <map>

#include <nlohmann/json.hpp>

namespace vellum::queue_sync {

namespace {

using Kind = TaskVerdict::Kind;

const char* event_of(Kind kind) {
  switch (kind) {
    case Kind::complete: return "completed";
    case Kind::release: return "released";
    case Kind::snooze: return "rate_limited";
    case Kind::retry: return "retry_scheduled";
    case Kind::fail: return "permanently_failed";
  }
  return "completed";
}

sdk::Result<bool> write(sdk::TaskRepository& tasks, const sdk::Task& task, const TaskVerdict& v, sdk::Timestamp now) {
  const std::string claimant = task.claimed_by.value_or("");  // "" matches no row
  switch (v.kind) {
    case Kind::complete: return tasks.complete(task.id, claimant, now);
    case Kind::release: return tasks.reschedule(task.id, claimant, v.error, now, true);
    case Kind::snooze: return tasks.reschedule(task.id, claimant, v.error, now + v.delay, true);
    case Kind::retry: return tasks.reschedule(task.id, claimant, v.error, now + v.delay, false);
    case Kind::fail: return tasks.fail(task.id, claimant, v.error, now);
  }
  return false;
}

sdk::AuditEntry audit_row(const sdk::Task& task, const TaskVerdict& v, bool written, sdk::Timestamp now) {
  const char* event = written ? event_of(v.kind) : "result_dropped";
  sdk::AuditEntry e;
  e.timestamp = now;
  e.level = !written || v.kind == Kind::retry || v.kind == Kind::snooze ? "warn"
            : v.kind == Kind::fail                                      ? "error"
                                                                        : "info";
  e.category = "task_lifecycle";
  e.message = std::string("Task ") + event;
  e.task_id = task.id;
  e.article_id = task.article_id;
  e.metadata_json = nlohmann::json{{"event", event},
                                   {"strategy", "sync"},
                                   {"slug", task.slug},
                                   {"attempt", task.attempts},
                                   {"maxAttempts", task.max_attempts},
                                   {"delayMs", v.delay.count()}}
                        .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (!v.error.empty()) e.error = v.error;
  return e;
}

void count(RecordedTotals& totals, Kind kind, bool written) {
  if (!written) {
    ++totals.dropped;
    return;
  }
  switch (kind) {
    case Kind::complete: ++totals.completed; break;
    case Kind::release: ++totals.released; break;
    case Kind::snooze:
    case Kind::retry: ++totals.retried; break;
    case Kind::fail: ++totals.failed; break;
  }
}

}  // namespace

TaskVerdict decide(const sdk::Task& task, const sdk::IndexOutcome& outcome, CallEnd end, const SyncSettings& settings) {
  if (outcome.status.ok()) return {Kind::complete, {}, {}};
  if (end == CallEnd::stopped) return {Kind::release, {}, "released: the sync strategy stopped"};
  const auto& error = outcome.status.error();
  const std::string text = end == CallEnd::timed_out
                               ? "timed out after " + std::to_string(settings.timeout.count()) + " ms: " + error.message
                               : std::string(sdk::to_string(error.kind)) + ": " + error.message;
  if (error.kind == sdk::ErrorKind::rate_limited) {
    return {Kind::snooze, error.retry_after.value_or(settings.retry_delay), text};
  }
  const bool again = end == CallEnd::timed_out || error.retryable;
  if (again && task.attempts < task.max_attempts) return {Kind::retry, settings.retry_delay, text};
  return {Kind::fail, {}, text};
}

sdk::Result<RecordedTotals> record_outcomes(sdk::StorageBackend& storage, sdk::HostContext& host,
                                            const std::vector<sdk::Task>& tasks,
                                            const std::vector<sdk::IndexOutcome>& outcomes, CallEnd end,
                                            const SyncSettings& settings) {
  std::map<sdk::ArticleId, const sdk::IndexOutcome*> by_article;
  for (const auto& o : outcomes) by_article.emplace(o.article_id, &o);
  const sdk::IndexOutcome missing{0, sdk::Error(sdk::ErrorKind::internal, "the pipeline gave no outcome"), 0, false};
  std::vector<TaskVerdict> verdicts;
  for (const auto& task : tasks) {
    auto it = by_article.find(task.article_id);
    verdicts.push_back(decide(task, it == by_article.end() ? missing : *it->second, end, settings));
  }
  RecordedTotals totals;
  auto written = storage.transact_row_guarded([&](sdk::Repositories& repos) -> sdk::Status {
    totals = {};
    // Read once the transaction holds the write lock, so a retry is due after the delay, not before.
    const auto now = host.now();
    for (std::size_t i = 0; i < tasks.size(); ++i) {
      auto ours = write(repos.tasks(), tasks[i], verdicts[i], now);
      if (!ours) return std::move(ours).error();
      count(totals, verdicts[i].kind, ours.value());
      if (auto logged = repos.audit().append(audit_row(tasks[i], verdicts[i], ours.value(), now)); !logged) {
        return logged;
      }
    }
    return {};
  });
  if (!written) return std::move(written).error();
  return totals;
}

}  // namespace vellum::queue_sync
