// One consistent reading of the queue for `vellum queue status|stats|health`, GET /api/queue/status,
// /health and /metrics: the operators' control row, every worker's heartbeat with its age, counts,
// the last 24 hours, recent errors, and the health rules of queue-spec §8.3 plus worker liveness.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "queue_admin/queue_settings.hpp"
#include "vellum/sdk/storage.hpp"

namespace vellum::queue_admin {

struct WorkerLiveness {
  sdk::WorkerHeartbeat beat;
  std::chrono::milliseconds age{0};  // since its last heartbeat
  bool live = false;                 // running and heard from within 2 × heartbeat interval
  bool stale = false;                // says running but has been silent longer (crashed or hung)
};

// What `status` prints as "Worker Status".
enum class WorkerState { running, paused, emergency_stopped, draining, stale, not_running, disabled };
[[nodiscard]] std::string_view label(WorkerState state) noexcept;  // "Running", "System disabled"
[[nodiscard]] std::string_view name(WorkerState state) noexcept;   // "running", "disabled" (for --json)

struct RecentActivity {
  std::int64_t completed = 0;  // completed_at within the last 24 h
  std::int64_t failed = 0;     // what health judges; cancellations are operators' decisions, not failures
  std::int64_t cancelled = 0;
  std::optional<double> average_processing_seconds;  // completed_at − processed_at of those completed
};

struct QueueHealth {
  bool healthy = true;
  std::vector<std::string> issues;
  std::vector<std::string> recommendations;
};

struct QueueSnapshot {
  sdk::Timestamp taken_at{};
  sdk::WorkerControl control;
  std::vector<WorkerLiveness> workers;
  sdk::TaskCounts counts;
  std::int64_t total = 0;
  RecentActivity activity;
  std::vector<sdk::Task> recent_errors;  // failed, newest end first, at most 10
  std::optional<sdk::Task> oldest_pending;
  // Processing tasks whose lease ran out longer ago than a rescue takes: whoever claimed them is gone
  // and nothing took them back (no live worker of the background strategy runs the rescue).
  std::int64_t expired_leases = 0;
  std::optional<sdk::Timestamp> oldest_expired_lease;
  WorkerState state = WorkerState::not_running;
  std::string disabled_reason;
  QueueHealth health;

  [[nodiscard]] std::int64_t count(std::string_view status) const;
  [[nodiscard]] std::int64_t open() const { return count("pending") + count("processing"); }
};

[[nodiscard]] sdk::Result<QueueSnapshot> take_snapshot(sdk::StorageBackend& storage, const QueueSettingsView& settings,
                                                       sdk::Timestamp now);

// The state rules alone, for tests: disabled > emergency > paused > draining > live > stale > not running.
[[nodiscard]] WorkerState worker_state(const QueueSettingsView& settings, const sdk::WorkerControl& control,
                                       const std::vector<WorkerLiveness>& workers);
[[nodiscard]] std::vector<WorkerLiveness> liveness(const std::vector<sdk::WorkerHeartbeat>& beats,
                                                   const QueueSettingsView& settings, sdk::Timestamp now);
// queue-spec §8.3 thresholds (pending > 100, processing > 10, failed in 24 h > 10, oldest pending > 24 h)
// plus what the reference never checked: stale workers and an emergency stop. Cancelled tasks are no
// issue: the operator who cancelled them meant it.
[[nodiscard]] QueueHealth health_of(const QueueSnapshot& snapshot, sdk::Timestamp now);

}  // namespace vellum::queue_admin
