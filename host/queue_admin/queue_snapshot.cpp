#include "queue_admin/queue_snapshot.hpp"

#include <algorithm>

namespace vellum::queue_admin {

namespace {

using std::chrono::duration_cast;
using std::chrono::hours;
using std::chrono::milliseconds;

constexpr std::size_t kRecentErrors = 10;

}  // namespace

std::string_view label(WorkerState state) noexcept {
  switch (state) {
    case WorkerState::running: return "Running";
    case WorkerState::paused: return "Paused";
    case WorkerState::emergency_stopped: return "Stopped (emergency stop)";
    case WorkerState::draining: return "Draining";
    case WorkerState::stale: return "Stale";
    case WorkerState::not_running: return "Not running";
    case WorkerState::disabled: return "System disabled";
  }
  return "Not running";
}

std::string_view name(WorkerState state) noexcept {
  switch (state) {
    case WorkerState::running: return "running";
    case WorkerState::paused: return "paused";
    case WorkerState::emergency_stopped: return "emergency_stopped";
    case WorkerState::draining: return "draining";
    case WorkerState::stale: return "stale";
    case WorkerState::not_running: return "not_running";
    case WorkerState::disabled: return "disabled";
  }
  return "not_running";
}

std::int64_t QueueSnapshot::count(std::string_view status) const {
  auto it = counts.by_status.find(std::string(status));
  return it == counts.by_status.end() ? 0 : it->second;
}

std::vector<WorkerLiveness> liveness(const std::vector<sdk::WorkerHeartbeat>& beats, const QueueSettingsView& settings,
                                     sdk::Timestamp now) {
  std::vector<WorkerLiveness> out;
  for (const auto& beat : beats) {
    WorkerLiveness w{beat, std::max(milliseconds(0), duration_cast<milliseconds>(now - beat.last_heartbeat)), false,
                     false};
    w.live = beat.is_running && w.age <= settings.stale_after();
    w.stale = beat.is_running && !w.live;
    out.push_back(std::move(w));
  }
  return out;
}

WorkerState worker_state(const QueueSettingsView& settings, const sdk::WorkerControl& control,
                         const std::vector<WorkerLiveness>& workers) {
  if (!settings.disabled_reason().empty()) return WorkerState::disabled;
  if (!control.is_running) return control.emergency_reason ? WorkerState::emergency_stopped : WorkerState::paused;
  if (control.draining) return WorkerState::draining;
  const bool any_live = std::any_of(workers.begin(), workers.end(), [](const auto& w) { return w.live; });
  const bool any_stale = std::any_of(workers.begin(), workers.end(), [](const auto& w) { return w.stale; });
  if (any_live) return WorkerState::running;
  return any_stale ? WorkerState::stale : WorkerState::not_running;
}

QueueHealth health_of(const QueueSnapshot& s, sdk::Timestamp now) {
  QueueHealth h;
  if (s.expired_leases > 0) {
    const auto minutes = duration_cast<std::chrono::minutes>(now - s.oldest_expired_lease.value_or(now)).count();
    h.issues.push_back("Stuck tasks: " + std::to_string(s.expired_leases) +
                       " in processing past their lease (the oldest expired " + std::to_string(minutes) +
                       " min ago); nothing rescued them");
    h.recommendations.push_back("put them back to pending: vellum queue cleanup-stuck --minutes " +
                                std::to_string(std::max<std::int64_t>(minutes, 1)));
  }
  const auto pending = s.count("pending");
  const auto processing = s.count("processing");
  if (pending > 100) {
    h.issues.push_back("High number of pending tasks: " + std::to_string(pending));
    h.recommendations.push_back("check that a worker is running: vellum queue status");
  }
  if (processing > 10) {
    h.issues.push_back("High number of processing tasks: " + std::to_string(processing) + " (possible stuck tasks)");
    h.recommendations.push_back("reset stuck tasks: vellum queue cleanup-stuck --minutes 30");
  }
  if (s.activity.failed > 10) {
    h.issues.push_back("High failure rate: " + std::to_string(s.activity.failed) + " failed tasks in last 24 hours");
    h.recommendations.push_back(
        "inspect failures (vellum queue failed), preview the retry (vellum queue retry-failed --dry-run), then run "
        "it: vellum queue retry-failed (cancelled tasks stay cancelled)");
  }
  if (s.oldest_pending) {
    const auto age = duration_cast<hours>(now - s.oldest_pending->created_at).count();
    if (age > 24) {
      h.issues.push_back("Old pending tasks: oldest task is " + std::to_string(age) + " hours old");
      h.recommendations.push_back("the worker may not be running: vellum queue status");
    }
  }
  for (const auto& w : s.workers) {
    if (w.stale) {
      h.issues.push_back("Worker " + w.beat.worker_id + " is stale: no heartbeat for " +
                         std::to_string(w.age.count() / 1000) + " s");
      h.recommendations.push_back("restart the vellum process on " + w.beat.hostname +
                                  "; its tasks are rescued when their leases expire");
    }
  }
  if (s.state == WorkerState::emergency_stopped) {
    h.issues.push_back("Emergency stop in effect: " + s.control.emergency_reason.value_or(""));
    h.recommendations.push_back("resume with: vellum queue start");
  }
  h.healthy = h.issues.empty();
  return h;
}

sdk::Result<QueueSnapshot> take_snapshot(sdk::StorageBackend& storage, const QueueSettingsView& settings,
                                         sdk::Timestamp now) {
  QueueSnapshot s;
  // A live worker rescues an expired lease within its heartbeat interval; one expired for longer than
  // a worker takes to count as stale has been left behind.
  const auto rescue_grace = settings.stale_after();
  s.taken_at = now;
  std::vector<sdk::WorkerHeartbeat> beats;
  std::vector<sdk::Task> recent_done;
  auto read = storage.read([&](sdk::Repositories& repos) -> sdk::Status {
    auto control = repos.workers().control();
    if (!control) return std::move(control).error();
    s.control = std::move(control).value();
    auto workers = repos.workers().workers();
    if (!workers) return std::move(workers).error();
    beats = std::move(workers).value();
    auto counts = repos.tasks().counts();
    if (!counts) return std::move(counts).error();
    s.counts = std::move(counts).value();
    sdk::TaskQuery last_day;
    last_day.statuses = {sdk::TaskStatus::completed, sdk::TaskStatus::failed, sdk::TaskStatus::cancelled};
    last_day.completed_after = now - hours(24);
    auto done = repos.tasks().list(last_day);
    if (!done) return std::move(done).error();
    recent_done = std::move(done).value();
    sdk::TaskQuery failed;
    failed.statuses = {sdk::TaskStatus::failed};
    failed.limit = 1000;  // newest by creation; the ten newest by end time are among them
    auto all_failed = repos.tasks().list(failed);
    if (!all_failed) return std::move(all_failed).error();
    s.recent_errors = std::move(all_failed).value();
    sdk::TaskQuery pending;
    pending.statuses = {sdk::TaskStatus::pending};
    auto open = repos.tasks().list(pending);
    if (!open) return std::move(open).error();
    for (const auto& t : open.value()) {
      if (!s.oldest_pending || t.created_at < s.oldest_pending->created_at) s.oldest_pending = t;
    }
    sdk::TaskQuery processing;
    processing.statuses = {sdk::TaskStatus::processing};
    processing.limit = 1000;
    auto held = repos.tasks().list(processing);
    if (!held) return std::move(held).error();
    for (const auto& t : held.value()) {
      if (!t.lease_expires_at || *t.lease_expires_at + rescue_grace > now) continue;
      ++s.expired_leases;
      if (!s.oldest_expired_lease || *t.lease_expires_at < *s.oldest_expired_lease) {
        s.oldest_expired_lease = t.lease_expires_at;
      }
    }
    return {};
  });
  if (!read) return read.error();

  for (const auto& [status, n] : s.counts.by_status) s.total += n;
  double seconds = 0;
  std::int64_t timed = 0;
  for (const auto& t : recent_done) {
    if (t.status == sdk::TaskStatus::failed || t.status == sdk::TaskStatus::cancelled) {
      ++(t.status == sdk::TaskStatus::failed ? s.activity.failed : s.activity.cancelled);
      continue;
    }
    ++s.activity.completed;
    if (t.processed_at && t.completed_at) {
      seconds += static_cast<double>(duration_cast<milliseconds>(*t.completed_at - *t.processed_at).count()) / 1000.0;
      ++timed;
    }
  }
  if (timed > 0) s.activity.average_processing_seconds = seconds / static_cast<double>(timed);
  // Newest end first; a failed task without completed_at (hand-written SQL) sorts last, not first.
  std::stable_sort(s.recent_errors.begin(), s.recent_errors.end(), [](const sdk::Task& a, const sdk::Task& b) {
    return a.completed_at.value_or(sdk::Timestamp{}) > b.completed_at.value_or(sdk::Timestamp{});
  });
  if (s.recent_errors.size() > kRecentErrors) s.recent_errors.resize(kRecentErrors);

  s.workers = liveness(beats, settings, now);
  s.state = worker_state(settings, s.control, s.workers);
  s.disabled_reason = settings.disabled_reason();
  s.health = health_of(s, now);
  return s;
}

}  // namespace vellum::queue_admin
