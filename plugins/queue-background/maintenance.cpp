#include "maintenance.hpp"

#include <unistd.h>

#include <algorithm>
#include <array>

#include "journal.hpp"

namespace vellum::queue_background {

namespace {

using Clock = std::chrono::steady_clock;

std::string host_name() {
  std::array<char, 256> name{};
  if (::gethostname(name.data(), name.size() - 1) != 0) return "unknown";
  return name.data();
}

void rescue(RunState& run, sdk::StorageBackend& storage, bool at_start) {
  const auto now = run.host.now();
  std::int64_t rescued = 0;
  auto done = storage.transact_row_guarded([&](sdk::Repositories& repos) -> sdk::Status {
    auto n = repos.tasks().rescue_expired(
        now, "lease expired: the worker holding the task stopped renewing it; rescued by " + run.worker_id);
    if (!n) return std::move(n).error();
    rescued = n.value();
    return {};
  });
  if (!done) {
    Journal journal;
    journal.worker_event("rescue_error", {{"workerId", run.worker_id}}, now, "error", done.error().message);
    write_journal(storage, journal, run.host);
    return;
  }
  if (rescued == 0 && !at_start) return;
  Journal journal;
  journal.worker_event(at_start ? "startup_cleanup" : "tasks_rescued",
                       {{"cleanedTasks", rescued}, {"workerId", run.worker_id}}, now, rescued ? "warn" : "info");
  if (rescued) journal.sample("tasks_rescued", static_cast<double>(rescued), "tasks", now);
  write_journal(storage, journal, run.host);
  publish_samples(journal, run.host);
  if (rescued) {
    run.host.log(sdk::LogLevel::warn, "queue: rescued " + std::to_string(rescued) + " tasks with expired leases");
    run.notify();  // they are due now
  }
}

void retention(RunState& run, sdk::StorageBackend& storage) {
  const auto now = run.host.now();
  const auto days = [&](int n) { return now - std::chrono::hours(24) * n; };
  std::int64_t tasks = 0, audit = 0, metrics = 0;
  auto done = storage.transact([&](sdk::Repositories& repos) -> sdk::Status {
    // Completed tasks only: failed ones wait for an operator (retry or clear).
    sdk::TaskQuery old_completed;
    old_completed.statuses = {sdk::TaskStatus::completed};
    old_completed.created_before = days(run.settings.task_retention_days);
    auto t = repos.tasks().remove(old_completed);
    if (!t) return std::move(t).error();
    auto a = repos.audit().prune(days(run.settings.audit_retention_days));
    if (!a) return std::move(a).error();
    auto m = repos.metrics().prune(days(run.settings.metrics_retention_days));
    if (!m) return std::move(m).error();
    tasks = t.value();
    audit = a.value();
    metrics = m.value();
    return {};
  });
  Journal journal;
  if (!done) {
    journal.worker_event("retention_error", {{"workerId", run.worker_id}}, now, "error", done.error().message);
  } else {
    journal.worker_event("retention", {{"deletedTasks", tasks}, {"deletedAuditRows", audit},
                                       {"deletedMetrics", metrics}, {"workerId", run.worker_id}},
                         now);
  }
  write_journal(storage, journal, run.host);
}

void sample_gauges(RunState& run, sdk::StorageBackend& storage, std::chrono::milliseconds period) {
  const auto now = run.host.now();
  Journal journal;
  sdk::TaskCounts counts;
  auto read = storage.read([&](sdk::Repositories& repos) -> sdk::Status {
    auto c = repos.tasks().counts();
    if (!c) return std::move(c).error();
    counts = std::move(c).value();
    return {};
  });
  if (read) {
    journal.sample("queue_depth", static_cast<double>(counts.by_status["pending"] + counts.by_status["processing"]),
                   "tasks", now);
  }
  const auto processed = run.interval.processed.exchange(0);
  const auto failed = run.interval.failed.exchange(0);
  const auto busy = run.interval.busy_ms.exchange(0);
  const double hours = std::chrono::duration<double, std::ratio<3600>>(period).count();
  journal.sample("queue_throughput", hours > 0 ? static_cast<double>(processed) / hours : 0, "tasks/hour", now);
  // Over this interval only, unlike the previous queue's all-time rate (queue-spec §11.20).
  if (processed > 0) journal.sample("error_rate", 100.0 * failed / processed, "percent", now);
  const double capacity = static_cast<double>(period.count()) * static_cast<double>(run.settings.workers);
  journal.sample("worker_utilization", capacity > 0 ? std::min(100.0, 100.0 * busy / capacity) : 0, "percent", now);
  write_journal(storage, journal, run.host);
  publish_samples(journal, run.host);
}

}  // namespace

bool write_heartbeat(RunState& run, sdk::StorageBackend& storage, bool running) {
  sdk::WorkerHeartbeat beat;
  beat.worker_id = run.worker_id;
  beat.hostname = host_name();
  beat.pid = ::getpid();
  beat.version = "background/1.0.0";
  {
    std::lock_guard lock(run.mutex);
    beat.is_running = running && run.claiming_allowed();
  }
  beat.started_at = run.started_at;
  beat.last_heartbeat = run.host.now();
  beat.tasks_processed = run.counters.processed.load();
  beat.tasks_succeeded = run.counters.succeeded.load();
  beat.tasks_failed = run.counters.failed.load();
  auto written = storage.transact([&](sdk::Repositories& repos) { return repos.workers().heartbeat(beat); });
  if (!written) {
    Journal journal;
    journal.worker_event("heartbeat_error", {{"workerId", run.worker_id}}, run.host.now(), "error",
                         written.error().message);
    write_journal(storage, journal, run.host);
    return false;
  }
  return true;
}

void run_maintenance(RunState& run, std::stop_token stop) {
  const auto& s = run.settings;
  auto next_heartbeat = Clock::now();
  auto next_reap = Clock::now();
  auto next_metrics = Clock::now() + s.metrics_interval;
  auto next_retention = Clock::now();
  bool first_reap = true;

  while (!stop.stop_requested()) {
    auto storage = run.storage();
    if (storage) {
      const auto now = Clock::now();
      if (now >= next_heartbeat) {
        // A missed beat (a busy database) is tried again soon, not a whole interval later.
        next_heartbeat = Clock::now() + (write_heartbeat(run, *storage, true) ? s.heartbeat_interval : s.poll_interval);
      }
      if (s.stuck_task_cleanup && now >= next_reap) {
        rescue(run, *storage, first_reap);
        first_reap = false;
        next_reap = Clock::now() + s.reap_interval();
      }
      if (now >= next_metrics) {
        sample_gauges(run, *storage, s.metrics_interval);
        next_metrics = Clock::now() + s.metrics_interval;
      }
      if (now >= next_retention) {
        retention(run, *storage);
        next_retention = Clock::now() + std::chrono::duration_cast<std::chrono::milliseconds>(s.cleanup_interval);
      }
    }
    auto until = storage ? std::min({next_heartbeat, next_metrics, next_retention})
                         : Clock::now() + s.poll_interval;  // waiting for the host's pipeline
    if (storage && s.stuck_task_cleanup) until = std::min(until, next_reap);
    std::unique_lock lock(run.mutex);
    run.changed.wait_until(lock, stop, until, [] { return false; });
  }
}

}  // namespace vellum::queue_background
