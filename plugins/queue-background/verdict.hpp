// What becomes of a claimed task once the pipeline answered for its article. The provider (through
// the pipeline) classifies a failure; this decides the schedule, as Fluent Bit's engine does for a
// plugin's OK / RETRY / ERROR:
//   ok                         → complete
//   rate_limited               → snooze: due again after Retry-After (or the backoff delay); the
//                                attempt is refunded, since the article did nothing wrong
//   retryable (transient…)     → retry after the backoff delay, or fail once attempts >= max_attempts
//   anything else (permanent)  → fail at once
// and what the worker itself asked for wins over the classification: a batch cancelled because the
// process is stopping is released (attempt refunded); one cancelled for running too long is a failed
// attempt; one cancelled by an emergency stop, or whose tasks were taken away, is dropped unwritten.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "backoff.hpp"
#include "vellum/sdk/queue.hpp"
#include "vellum/sdk/types.hpp"

namespace vellum::queue_background {

// Why the worker cancelled a batch; none when it was not cancelled.
enum class CancelReason : int { none, shutdown, timeout, emergency, lost };

[[nodiscard]] const char* to_string(CancelReason reason) noexcept;

struct Verdict {
  // cancel: an operator's emergency stop ends the task (status cancelled), it did not fail.
  enum class Kind { complete, retry, snooze, release, fail, cancel, drop };
  Kind kind = Kind::complete;
  std::chrono::milliseconds delay{0};  // retry and snooze: from now until due
  std::string error;                   // retry, snooze, fail, cancel: what the task's error_message says
};

[[nodiscard]] const char* to_string(Verdict::Kind kind) noexcept;

struct VerdictInputs {
  const sdk::Task& task;              // as claimed: attempts already counts this attempt
  const sdk::IndexOutcome& outcome;
  CancelReason cancelled = CancelReason::none;
  std::chrono::milliseconds task_timeout{0};
};

[[nodiscard]] Verdict decide(const VerdictInputs& in, const BackoffPolicy& backoff, double unit_random);

}  // namespace vellum::queue_background
