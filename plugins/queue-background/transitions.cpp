#include "transitions.hpp"

#include "journal.hpp"

namespace vellum::queue_background {

namespace {

using Kind = Verdict::Kind;

double millis(std::chrono::milliseconds d) { return static_cast<double>(d.count()); }

std::int64_t epoch_ms(sdk::Timestamp t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

// An emergency stop ends every processing task, whoever holds it, so the guard is the status alone.
sdk::Result<bool> cancel_claimed(sdk::TaskRepository& tasks, const std::string& id, const std::string& why,
                                 sdk::Timestamp now) {
  sdk::TaskQuery one;
  one.task_id = id;
  one.statuses = {sdk::TaskStatus::processing};
  auto cancelled = tasks.cancel(one, why, now);
  if (!cancelled) return std::move(cancelled).error();
  return cancelled.value() == 1;
}

// The write of one decision; answers whether the task was still ours.
sdk::Result<bool> write(sdk::TaskRepository& tasks, const std::string& me, const Decision& d, sdk::Timestamp now) {
  const auto& id = d.task->id;
  switch (d.verdict.kind) {
    case Kind::complete: return tasks.complete(id, me, now);
    case Kind::retry: return tasks.reschedule(id, me, d.verdict.error, now + d.verdict.delay, false);
    case Kind::snooze: return tasks.reschedule(id, me, d.verdict.error, now + d.verdict.delay, true);
    case Kind::release: return tasks.reschedule(id, me, d.verdict.error, now, true);
    case Kind::fail: return tasks.fail(id, me, d.verdict.error, now);
    case Kind::cancel: return cancel_claimed(tasks, id, d.verdict.error, now);
    case Kind::drop: return false;
  }
  return false;
}

void journal_decision(Journal& journal, const Decision& d, bool written, sdk::Timestamp now,
                      std::chrono::milliseconds elapsed) {
  const sdk::Task& task = *d.task;
  const auto& v = d.verdict;
  if (!written) {
    journal.task_event(task, "result_dropped",
                       {{"verdict", to_string(v.kind)},
                        {"reason", "the task was no longer processing for this worker (cancelled, failed by an "
                                   "emergency stop, or rescued)"}},
                       now, "warn");
    return;
  }
  const bool skipped = d.outcome && d.outcome->skipped;
  switch (v.kind) {
    case Kind::complete:
      journal.task_event(task, "processing_completed", {{"chunks", d.outcome ? d.outcome->chunks : 0},
                                                         {"skipped", skipped}},
                         now, "info", std::nullopt, millis(elapsed));
      journal.task_event(task, "completed", {{"totalAttempts", task.attempts}, {"skipped", skipped}}, now);
      break;
    case Kind::retry:
      journal.task_event(task, "processing_failed", {}, now, "warn", v.error, millis(elapsed));
      journal.task_event(task, "retry_scheduled",
                         {{"maxAttempts", task.max_attempts},
                          {"retryDelayMs", v.delay.count()},
                          {"scheduledAtMs", epoch_ms(now + v.delay)},
                          {"error", v.error}},
                         now, "warn", v.error);
      break;
    case Kind::snooze:
      journal.task_event(task, "rate_limited", {{"retryAfterMs", v.delay.count()}, {"attemptRefunded", true}}, now,
                         "warn", v.error, millis(elapsed));
      break;
    case Kind::release:
      journal.task_event(task, "released", {{"reason", v.error}, {"attemptRefunded", true}}, now);
      break;
    case Kind::fail:
      journal.task_event(task, "processing_failed", {}, now, "error", v.error, millis(elapsed));
      journal.task_event(task, "permanently_failed", {{"finalAttempt", task.attempts},
                                                      {"maxAttempts", task.max_attempts}},
                         now, "error", v.error);
      break;
    case Kind::cancel:
      journal.task_event(task, "cancelled", {{"reason", v.error}}, now, "warn");
      break;
    case Kind::drop: break;
  }
}

void count(AppliedTotals& totals, const Decision& d, bool written) {
  if (!written) {
    ++totals.dropped;
    return;
  }
  switch (d.verdict.kind) {
    case Kind::complete: ++totals.completed; break;
    case Kind::retry: ++totals.retried; break;
    case Kind::snooze: ++totals.snoozed; break;
    case Kind::release: ++totals.released; break;
    case Kind::fail: ++totals.failed; break;
    case Kind::cancel: ++totals.cancelled; break;
    case Kind::drop: ++totals.dropped; break;
  }
  if (d.verdict.kind == Kind::retry || d.verdict.kind == Kind::snooze) {
    if (!totals.soonest_due || d.verdict.delay < *totals.soonest_due) totals.soonest_due = d.verdict.delay;
  }
}

}  // namespace

sdk::Result<AppliedTotals> apply_decisions(RunState& run, sdk::StorageBackend& storage,
                                           const std::vector<Decision>& decisions, std::chrono::milliseconds elapsed) {
  AppliedTotals totals;
  Journal journal;
  const auto now = run.host.now();
  // The backend may run this again after a conflict; everything is rebuilt from scratch each time.
  auto written = storage.transact_row_guarded([&](sdk::Repositories& repos) -> sdk::Status {
    totals = {};
    journal.clear();
    for (const auto& d : decisions) {
      auto ours = write(repos.tasks(), run.claimant_of(*d.task), d, now);
      if (!ours) return std::move(ours).error();
      journal_decision(journal, d, ours.value(), now, elapsed);
      count(totals, d, ours.value());
      // Measured only where the pipeline ran; releases and emergency cancellations took no processing.
      if (ours.value() && d.outcome && d.verdict.kind != Kind::release) {
        const bool success = d.verdict.kind == Kind::complete;
        journal.sample("task_processing_time", millis(elapsed), "ms", now, d.task,
                       {{"success", success}, {"verdict", to_string(d.verdict.kind)}});
        if (!success) {
          journal.sample("task_failure", 1, "count", now, d.task,
                         {{"verdict", to_string(d.verdict.kind)},
                          {"kind", d.outcome->status.ok()
                                       ? std::string("cancelled")
                                       : std::string(sdk::to_string(d.outcome->status.error().kind))}});
        }
      }
    }
    return journal.append_to(repos);
  });
  if (!written) return std::move(written).error();
  publish_samples(journal, run.host);

  const std::int64_t ended = totals.completed + totals.retried + totals.failed;
  run.counters.processed += ended;
  run.counters.succeeded += totals.completed;
  run.counters.failed += totals.retried + totals.failed;
  run.interval.processed += ended;
  run.interval.failed += totals.retried + totals.failed;
  return totals;
}

std::int64_t release_tasks(RunState& run, sdk::StorageBackend& storage, const std::vector<sdk::Task>& tasks,
                           const std::string& why) {
  if (tasks.empty()) return 0;
  std::vector<Decision> decisions;
  for (const auto& t : tasks) decisions.push_back({&t, {Kind::release, std::chrono::milliseconds(0), why}, nullptr});
  auto applied = apply_decisions(run, storage, decisions, std::chrono::milliseconds(0));
  if (!applied) {
    run.host.log(sdk::LogLevel::warn, "queue: could not release " + std::to_string(tasks.size()) +
                                          " tasks (their leases will expire and they will be rescued): " +
                                          applied.error().message);
    return 0;
  }
  return applied->released;
}

std::int64_t cancel_tasks(RunState& run, sdk::StorageBackend& storage, const std::vector<sdk::Task>& tasks,
                          const std::string& reason) {
  if (tasks.empty()) return 0;
  std::vector<Decision> decisions;
  for (const auto& t : tasks) decisions.push_back({&t, {Kind::cancel, std::chrono::milliseconds(0), reason}, nullptr});
  auto applied = apply_decisions(run, storage, decisions, std::chrono::milliseconds(0));
  if (!applied) {
    run.host.log(sdk::LogLevel::error, "queue: emergency stop could not cancel " + std::to_string(tasks.size()) +
                                           " in-flight tasks: " + applied.error().message);
    return 0;
  }
  return applied->cancelled;
}

}  // namespace vellum::queue_background
