// Writes what became of claimed tasks: one transaction per batch holding every transition, its audit
// rows and its metric samples. Every transition is guarded by status = processing AND claimed_by = us
// (TaskRepository); a guard that fails means the task was cancelled (by an operator or an emergency
// stop) or rescued meanwhile, and the late result is dropped (and audited as dropped), never written over it.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "run_state.hpp"
#include "verdict.hpp"

namespace vellum::queue_background {

struct Decision {
  const sdk::Task* task = nullptr;
  Verdict verdict;
  const sdk::IndexOutcome* outcome = nullptr;  // nullptr when the pipeline never answered
};

struct AppliedTotals {
  std::int64_t completed = 0, retried = 0, snoozed = 0, released = 0, failed = 0, cancelled = 0, dropped = 0;
  std::optional<std::chrono::milliseconds> soonest_due;  // of the retries and snoozes written
};

// `elapsed` is how long the batch took; each task's processing time is recorded once, success or not.
[[nodiscard]] sdk::Result<AppliedTotals> apply_decisions(RunState& run, sdk::StorageBackend& storage,
                                                         const std::vector<Decision>& decisions,
                                                         std::chrono::milliseconds elapsed);

// Hands tasks back to the queue, due now, attempt refunded (the worker stopped, not the task).
// Returns how many were still ours.
std::int64_t release_tasks(RunState& run, sdk::StorageBackend& storage, const std::vector<sdk::Task>& tasks,
                           const std::string& why);

// Cancels tasks with `reason` (emergency stop: an operator's act, not a failure): returns how many were
// still processing.
std::int64_t cancel_tasks(RunState& run, sdk::StorageBackend& storage, const std::vector<sdk::Task>& tasks,
                          const std::string& reason);

}  // namespace vellum::queue_background
