// Where an article goes when the sync strategy cannot index it inline: a pending row in the task
// table, due after `delay`. The row is durable, so the work survives whatever comes next — this
// strategy's backlog retries it, a background queue swapped in takes it, a restart finds it.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "vellum/sdk/host_context.hpp"
#include "vellum/sdk/queue.hpp"

namespace vellum::queue_sync {

// Why an inline indexing did not happen or did not finish.
enum class Shortfall {
  failed,       // the pipeline answered with an error (provider down, timed out…)
  stopped,      // the strategy stopped while the call ran (a hot swap, shutdown)
  not_running,  // the write committed after the strategy stopped, or while it was paused
};

[[nodiscard]] const char* to_string(Shortfall why) noexcept;

struct Parking {
  const sdk::ArticleChange& change;
  Shortfall why;
  std::string error;               // what went wrong, for the task's metadata
  std::chrono::milliseconds delay; // from now until the task is due
  std::int32_t max_attempts;
};

// Writes (or coalesces into) the article's pending task. No row for an article deleted meanwhile:
// there is nothing left to index. The error says why the row could not be written.
[[nodiscard]] sdk::Status park(sdk::HostContext& host, const Parking& parking);

}  // namespace vellum::queue_sync
