// How a pipeline outcome becomes a task's fate: one rule for attempts, the provider's classification
// for the schedule, the worker's own cancellations first.
#include <catch2/catch.hpp>

#include "verdict.hpp"

using namespace std::chrono_literals;
namespace sdk = vellum::sdk;
using vellum::queue_background::BackoffPolicy;
using vellum::queue_background::CancelReason;
using vellum::queue_background::decide;
using vellum::queue_background::Verdict;

namespace {

sdk::Task task_at(std::int32_t attempts, std::int32_t max_attempts) {
  sdk::Task t;
  t.id = "t";
  t.article_id = 7;
  t.attempts = attempts;
  t.max_attempts = max_attempts;
  return t;
}

Verdict verdict(const sdk::Task& task, sdk::Status status, CancelReason reason = CancelReason::none) {
  const sdk::IndexOutcome outcome{task.article_id, std::move(status), 0, false};
  return decide({task, outcome, reason, 5000ms}, BackoffPolicy{100ms, 10000ms, 0}, 0.5);
}

}  // namespace

TEST_CASE("success completes the task, whatever the worker asked for afterwards") {
  CHECK(verdict(task_at(1, 3), sdk::ok_status()).kind == Verdict::Kind::complete);
  CHECK(verdict(task_at(1, 3), sdk::ok_status(), CancelReason::shutdown).kind == Verdict::Kind::complete);
}

TEST_CASE("a transient failure retries after base * 2^(attempts-1) until attempts reach max_attempts") {
  const auto transient = sdk::Error(sdk::ErrorKind::transient, "HTTP 500");
  auto first = verdict(task_at(1, 3), transient);
  CHECK(first.kind == Verdict::Kind::retry);
  CHECK(first.delay == 100ms);
  CHECK(verdict(task_at(2, 3), transient).delay == 200ms);
  auto last = verdict(task_at(3, 3), transient);
  CHECK(last.kind == Verdict::Kind::fail);
  CHECK_THAT(last.error, Catch::Contains("after 3 of 3 attempts"));
  CHECK(verdict(task_at(1, 1), transient).kind == Verdict::Kind::fail);  // max_retries 0
}

TEST_CASE("rate limiting snoozes for Retry-After and refunds the attempt, even on the last attempt") {
  auto limited = verdict(task_at(3, 3), sdk::Error::rate_limited("429", 2500ms));
  CHECK(limited.kind == Verdict::Kind::snooze);
  CHECK(limited.delay == 2500ms);
  auto no_header = verdict(task_at(2, 3), sdk::Error::rate_limited("429", std::nullopt));
  CHECK(no_header.kind == Verdict::Kind::snooze);
  CHECK(no_header.delay == 200ms);
}

TEST_CASE("permanent failures fail at once") {
  for (auto kind : {sdk::ErrorKind::permanent, sdk::ErrorKind::unauthenticated, sdk::ErrorKind::bad_dimension,
                    sdk::ErrorKind::permission_denied, sdk::ErrorKind::internal}) {
    auto v = verdict(task_at(1, 5), sdk::Error(kind, "no"));
    CHECK(v.kind == Verdict::Kind::fail);
  }
}

TEST_CASE("the worker's own cancellations decide first") {
  const auto cancelled = sdk::Error(sdk::ErrorKind::cancelled, "indexing stopped");
  CHECK(verdict(task_at(1, 3), cancelled, CancelReason::shutdown).kind == Verdict::Kind::release);
  auto timed_out = verdict(task_at(1, 3), cancelled, CancelReason::timeout);
  CHECK(timed_out.kind == Verdict::Kind::retry);
  CHECK_THAT(timed_out.error, Catch::Contains("timed out after 5000 ms"));
  CHECK(verdict(task_at(3, 3), cancelled, CancelReason::timeout).kind == Verdict::Kind::fail);
  CHECK(verdict(task_at(1, 3), cancelled, CancelReason::emergency).kind == Verdict::Kind::drop);
  CHECK(verdict(task_at(1, 3), sdk::ok_status(), CancelReason::lost).kind == Verdict::Kind::drop);
}
