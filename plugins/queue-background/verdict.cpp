#include "verdict.hpp"

namespace vellum::queue_background {

const char* to_string(CancelReason reason) noexcept {
  switch (reason) {
    case CancelReason::none: return "none";
    case CancelReason::shutdown: return "shutdown";
    case CancelReason::timeout: return "timeout";
    case CancelReason::emergency: return "emergency";
    case CancelReason::lost: return "lost";
  }
  return "none";
}

const char* to_string(Verdict::Kind kind) noexcept {
  switch (kind) {
    case Verdict::Kind::complete: return "complete";
    case Verdict::Kind::retry: return "retry";
    case Verdict::Kind::snooze: return "snooze";
    case Verdict::Kind::release: return "release";
    case Verdict::Kind::fail: return "fail";
    case Verdict::Kind::cancel: return "cancel";
    case Verdict::Kind::drop: return "drop";
  }
  return "drop";
}

namespace {

Verdict retry_or_fail(const sdk::Task& task, std::string error, const BackoffPolicy& backoff, double unit_random) {
  if (task.attempts >= task.max_attempts) {
    return {Verdict::Kind::fail, std::chrono::milliseconds(0),
            error + " (after " + std::to_string(task.attempts) + " of " + std::to_string(task.max_attempts) +
                " attempts)"};
  }
  return {Verdict::Kind::retry, retry_delay(backoff, task.attempts, unit_random), std::move(error)};
}

}  // namespace

Verdict decide(const VerdictInputs& in, const BackoffPolicy& backoff, double unit_random) {
  // Someone else owns the task now (emergency stop, operator cancel, rescuer): write nothing.
  if (in.cancelled == CancelReason::emergency || in.cancelled == CancelReason::lost) {
    return {Verdict::Kind::drop, std::chrono::milliseconds(0), {}};
  }
  if (in.outcome.status.ok()) return {};  // finished work is kept, whatever came after it

  const sdk::Error& error = in.outcome.status.error();
  if (in.cancelled == CancelReason::shutdown && (error.kind == sdk::ErrorKind::cancelled || error.retryable)) {
    return {Verdict::Kind::release, std::chrono::milliseconds(0), "released: the worker stopped"};
  }
  if (in.cancelled == CancelReason::timeout) {
    return retry_or_fail(in.task,
                         "timed out after " + std::to_string(in.task_timeout.count()) + " ms: " + error.message,
                         backoff, unit_random);
  }
  if (error.kind == sdk::ErrorKind::rate_limited) {
    const auto delay = error.retry_after.value_or(nominal_delay(backoff, in.task.attempts));
    return {Verdict::Kind::snooze, delay, error.message};
  }
  // Cancelled without the worker asking (a provider shutting down): nothing was wrong with the task.
  if (error.kind == sdk::ErrorKind::cancelled) {
    return {Verdict::Kind::release, std::chrono::milliseconds(0), "released: " + error.message};
  }
  if (error.retryable) return retry_or_fail(in.task, error.message, backoff, unit_random);
  return {Verdict::Kind::fail, std::chrono::milliseconds(0),
          std::string(sdk::to_string(error.kind)) + ": " + error.message};
}

}  // namespace vellum::queue_background
