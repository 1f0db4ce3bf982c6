// The operators' actions on the queue, shared by `vellum queue …` and the REST routes. Each is one
// transaction through the storage repositories; transitions stay status-guarded, so a worker that
// finishes a task an operator just cancelled has its result dropped (queue-spec §11.12).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "vellum/sdk/storage.hpp"

namespace vellum::queue_admin {

// stop (false) / start (true): the desired state every worker polls. Starting also ends an
// emergency stop and a drain.
[[nodiscard]] sdk::Status set_running(sdk::StorageBackend& storage, bool running, sdk::Timestamp now);

// Drain: draining = true on the control row, nothing else (exactly what the guide's
// `UPDATE embedding_worker_status SET draining = true WHERE id = 1` does). Writes then queue no task and
// the workers finish the queue; a paused or emergency-stopped queue stays so. Returns the control row
// as written, so the caller can say whether anything will be processed.
[[nodiscard]] sdk::Result<sdk::WorkerControl> start_draining(sdk::StorageBackend& storage, sdk::Timestamp now);

// Pauses with a reason and cancels every processing task at once; returns how many were cancelled.
[[nodiscard]] sdk::Result<std::int64_t> emergency_stop(sdk::StorageBackend& storage, const std::string& reason,
                                                       sdk::Timestamp now);

struct ClearRequest {
  std::vector<sdk::TaskStatus> statuses;  // empty with all = every status
  bool all = false;
  std::optional<std::string> reason;       // metadata.reason
  std::optional<sdk::TaskPriority> priority;
  std::optional<sdk::Timestamp> created_before;
  bool confirm = false;                    // false = dry run: count only
};

struct ClearOutcome {
  std::int64_t matched = 0;    // tasks the filter selects
  std::int64_t cancelled = 0;  // pending/processing → cancelled ("Cancelled by administrator")
  std::int64_t deleted = 0;    // completed/failed rows removed (and every row with --all)
  bool dry_run = true;
};

inline constexpr const char* kCancelledMessage = "Cancelled by administrator";

// Open tasks are cancelled (kept with status cancelled and completed_at, so history shows what
// happened, and no failure is counted); finished ones are deleted; --all deletes every matching row.
[[nodiscard]] sdk::Result<ClearOutcome> clear(sdk::StorageBackend& storage, const ClearRequest& request,
                                              sdk::Timestamp now);

// Deletes completed tasks that ended more than `older_than` ago.
[[nodiscard]] sdk::Result<std::int64_t> cleanup_completed(sdk::StorageBackend& storage,
                                                          std::chrono::hours older_than, sdk::Timestamp now);

// Processing tasks claimed more than `older_than` ago go back to pending with their attempt refunded
// (a crash must not use up retries, queue-spec §11.26). Returns how many.
[[nodiscard]] sdk::Result<std::int64_t> reset_stuck(sdk::StorageBackend& storage, std::chrono::minutes older_than,
                                                    sdk::Timestamp now);
inline constexpr const char* kStuckMessage = "Task was stuck in processing state and has been reset";

[[nodiscard]] sdk::Result<std::vector<sdk::Task>> list_tasks(sdk::StorageBackend& storage, const sdk::TaskQuery& query);
[[nodiscard]] sdk::Result<std::optional<sdk::Task>> find_task(sdk::StorageBackend& storage, const std::string& id);
[[nodiscard]] sdk::Result<bool> retry_task(sdk::StorageBackend& storage, const std::string& id, bool force,
                                           sdk::Timestamp now);
// The tasks retried, or with request.dry_run those that would be (read only, nothing changes).
[[nodiscard]] sdk::Result<std::vector<sdk::Task>> retry_failed(sdk::StorageBackend& storage,
                                                               const sdk::RetryRequest& request, sdk::Timestamp now);
// Deletes one failed task (DELETE /api/queue/tasks/:id): false when there is no such failed task.
[[nodiscard]] sdk::Result<bool> delete_failed_task(sdk::StorageBackend& storage, const std::string& id);
[[nodiscard]] sdk::Result<std::int64_t> delete_failed_tasks(sdk::StorageBackend& storage);

// Whether `text` has the shape of a task id (a UUID), so malformed ids are a 404, not a database error.
[[nodiscard]] bool looks_like_task_id(std::string_view text) noexcept;

}  // namespace vellum::queue_admin
