// What the sync strategy's backlog writes for each task it claimed, once the pipeline answered:
//   indexed                      → completed
//   the strategy stopped         → released: pending, due now, attempt refunded (the next strategy or
//                                  the next start takes it)
//   rate limited                 → due again after Retry-After (or retry_delay), attempt refunded
//   timed out, or a retryable    → due again after retry_delay, until attempts reach max_attempts
//   failure
//   anything else                → failed
// Every write is guarded by status = processing AND claimed_by = the claim: a task cancelled or
// rescued meanwhile keeps what others wrote.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "sync_settings.hpp"
#include "vellum/sdk/host_context.hpp"
#include "vellum/sdk/queue.hpp"

namespace vellum::queue_sync {

// How the pipeline call of a batch ended, beside its outcomes.
enum class CallEnd { answered, stopped, timed_out };

struct TaskVerdict {
  enum class Kind { complete, release, snooze, retry, fail };
  Kind kind = Kind::complete;
  std::chrono::milliseconds delay{0};  // snooze and retry: from now until due
  std::string error;
};

[[nodiscard]] TaskVerdict decide(const sdk::Task& task, const sdk::IndexOutcome& outcome, CallEnd end,
                                 const SyncSettings& settings);

struct RecordedTotals {
  std::int64_t completed = 0, released = 0, retried = 0, failed = 0, dropped = 0;
};

// One transaction: every task's transition and its audit row.
[[nodiscard]] sdk::Result<RecordedTotals> record_outcomes(sdk::StorageBackend& storage, sdk::HostContext& host,
                                                          const std::vector<sdk::Task>& tasks,
                                                          const std::vector<sdk::IndexOutcome>& outcomes,
                                                          CallEnd end, const SyncSettings& settings);

}  // namespace vellum::queue_sync
