// Storage conformance: an operator's cancellation is stored as its own status, never as a failure,
// and retry_failed — filtered by reason, end time and error text, or only previewed — revives
// cancelled tasks only when asked to.
#include <catch2/catch.hpp>

#include <algorithm>

#include "storage/task_test_helpers.hpp"

using namespace vellum;
using namespace vellum::test;

namespace {

std::int64_t cancel(sdk::StorageBackend& b, const sdk::TaskQuery& q, const std::string& why, sdk::Timestamp now) {
  return ok(write(b, [&](sdk::Repositories& r) { return r.tasks().cancel(q, why, now); }));
}

// Claims the article's task and fails it with `error` at `now`.
sdk::Task fail_one(QueueFixture& q, std::size_t article, const std::string& reason, const std::string& error,
                   sdk::Timestamp now) {
  auto& b = q.backend();
  auto t = task_for(q.articles[article], now - std::chrono::seconds(2));
  t.metadata_json = R"({"reason":")" + reason + R"("})";
  const auto id = enqueue(b, t).task.id;
  const auto claimed = claim(b, "w1", 10, now - std::chrono::seconds(1));
  REQUIRE(std::any_of(claimed.begin(), claimed.end(), [&](const sdk::Task& c) { return c.id == id; }));
  REQUIRE(ok(write(b, [&](sdk::Repositories& r) { return r.tasks().fail(id, "w1", error, now); })));
  return get(b, id);
}

std::vector<std::string> ids(const std::vector<sdk::Task>& tasks) {
  std::vector<std::string> out;
  for (const auto& t : tasks) out.push_back(t.id);
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> ids(std::initializer_list<const sdk::Task*> tasks) {
  std::vector<std::string> out;
  for (const auto* t : tasks) out.push_back(t->id);
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<sdk::Task> retry_failed(sdk::StorageBackend& b, const sdk::RetryRequest& request, sdk::Timestamp now) {
  return ok(write(b, [&](sdk::Repositories& r) { return r.tasks().retry_failed(request, now); }));
}

}  // namespace

TEST_CASE("cancellation: cancel stores status cancelled, counted apart from failed", "[storage][tasks][cancel]") {
  QueueFixture q(4);
  auto& b = q.backend();
  auto later = task_for(q.articles[0], at(1));
  later.scheduled_at = at(100);  // not due at the claim: stays pending
  const auto waiting = enqueue(b, later).task;
  const auto running = enqueue(b, task_for(q.articles[1], at(2))).task;
  const auto done = enqueue(b, task_for(q.articles[2], at(3))).task;
  const auto broken = enqueue(b, task_for(q.articles[3], at(4))).task;
  auto claimed = claim(b, "w1", 4, at(10));
  REQUIRE(claimed.size() == 3);
  for (const auto& t : claimed) {
    if (t.id == done.id) REQUIRE(ok(write(b, [&](sdk::Repositories& r) { return r.tasks().complete(t.id, "w1", at(11)); })));
    if (t.id == broken.id) REQUIRE(ok(write(b, [&](sdk::Repositories& r) { return r.tasks().fail(t.id, "w1", "boom", at(11)); })));
  }
  CHECK(get(b, waiting.id).status == sdk::TaskStatus::pending);

  // Every open task is cancelled; finished ones are untouched.
  CHECK(cancel(b, {}, "Cancelled by administrator", at(20)) == 2);
  for (const auto& id : {waiting.id, running.id}) {
    const auto t = get(b, id);
    CHECK(t.status == sdk::TaskStatus::cancelled);
    CHECK(t.error_message == std::optional<std::string>("Cancelled by administrator"));
    CHECK(t.completed_at == std::optional<sdk::Timestamp>(at(20)));
  }
  CHECK(get(b, done.id).status == sdk::TaskStatus::completed);
  CHECK(get(b, broken.id).status == sdk::TaskStatus::failed);

  const auto counts = ok(read(b, [](sdk::Repositories& r) { return r.tasks().counts(); }));
  CHECK(counts.by_status.at("cancelled") == 2);
  CHECK(counts.by_status.at("failed") == 1);
  CHECK(counts.by_status.at("completed") == 1);
  sdk::TaskQuery failed;
  failed.statuses = {sdk::TaskStatus::failed};
  CHECK(ids(ok(read(b, [&](sdk::Repositories& r) { return r.tasks().list(failed); }))) == ids({&broken}));
  sdk::TaskQuery cancelled;
  cancelled.statuses = {sdk::TaskStatus::cancelled};
  CHECK(ids(ok(read(b, [&](sdk::Repositories& r) { return r.tasks().list(cancelled); }))) == ids({&waiting, &running}));
  // Cancelling again finds nothing open; the late worker's result is refused.
  CHECK(cancel(b, {}, "again", at(21)) == 0);
  CHECK_FALSE(ok(write(b, [&](sdk::Repositories& r) { return r.tasks().complete(running.id, "w1", at(22)); })));
  CHECK(get(b, running.id).error_message == std::optional<std::string>("Cancelled by administrator"));
}

TEST_CASE("cancellation: retry_failed leaves cancelled tasks alone unless they are asked for",
          "[storage][tasks][cancel]") {
  QueueFixture q(3);
  auto& b = q.backend();
  const auto failed = fail_one(q, 0, "update", "provider timed out", at(10));
  // A cancelled task on its last attempt: the attempts bound is for failures only.
  auto last = task_for(q.articles[1], at(11));
  last.max_attempts = 1;
  const auto on_last_attempt = enqueue(b, last).task;
  REQUIRE(claim(b, "w1", 1, at(12)).size() == 1);
  const auto waiting = enqueue(b, task_for(q.articles[2], at(13))).task;
  REQUIRE(cancel(b, {}, "Cancelled by administrator", at(14)) == 2);

  auto only_failed = retry_failed(b, {}, at(20));
  CHECK(ids(only_failed) == ids({&failed}));
  CHECK(get(b, on_last_attempt.id).status == sdk::TaskStatus::cancelled);
  CHECK(get(b, waiting.id).status == sdk::TaskStatus::cancelled);

  sdk::RetryRequest with_cancelled;
  with_cancelled.query.statuses = {sdk::TaskStatus::failed, sdk::TaskStatus::cancelled};
  auto revived = retry_failed(b, with_cancelled, at(21));
  CHECK(ids(revived) == ids({&on_last_attempt, &waiting}));
  for (const auto& id : {on_last_attempt.id, waiting.id}) {
    const auto t = get(b, id);
    CHECK(t.status == sdk::TaskStatus::pending);
    CHECK_FALSE(t.error_message);
    CHECK_FALSE(t.completed_at);
    CHECK(t.scheduled_at == at(21));
  }
  // Statuses that are not finished select nothing to retry.
  sdk::RetryRequest pending_only;
  pending_only.query.statuses = {sdk::TaskStatus::pending};
  CHECK(retry_failed(b, pending_only, at(22)).empty());
}

TEST_CASE("cancellation: retry names a cancelled task back, whatever its attempts", "[storage][tasks][cancel]") {
  QueueFixture q(1);
  auto& b = q.backend();
  auto t = task_for(q.articles[0], at(1));
  t.max_attempts = 1;
  const auto task = enqueue(b, t).task;
  REQUIRE(claim(b, "w1", 1, at(2)).size() == 1);
  sdk::TaskQuery one;
  one.task_id = task.id;
  REQUIRE(cancel(b, one, "Emergency stop initiated: disk full", at(3)) == 1);
  CHECK(ok(write(b, [&](sdk::Repositories& r) { return r.tasks().retry(task.id, false, at(4)); })));
  CHECK(get(b, task.id).status == sdk::TaskStatus::pending);
}

TEST_CASE("cancellation: retry_failed filters by reason, end time and error text", "[storage][tasks][cancel]") {
  QueueFixture q(4);
  auto& b = q.backend();
  const auto timeout = fail_one(q, 0, "migration", "Provider TIMED OUT after 30 s", at(10));
  const auto auth = fail_one(q, 1, "update", "401 unauthorized: check the key", at(20));
  const auto percent = fail_one(q, 2, "migration", "disk 100% full", at(30));
  const auto underscore = fail_one(q, 3, "update", "bad_value in chunk", at(40));

  auto selected = [&](const sdk::TaskQuery& query) {
    sdk::RetryRequest r;
    r.query = query;
    r.dry_run = true;
    return ids(retry_failed(b, r, at(50)));
  };
  sdk::TaskQuery by_reason;
  by_reason.reason = "migration";
  CHECK(selected(by_reason) == ids({&timeout, &percent}));
  sdk::TaskQuery since;
  since.completed_after = at(20);  // ended at or after
  CHECK(selected(since) == ids({&auth, &percent, &underscore}));
  sdk::TaskQuery by_error;
  by_error.error_contains = "timed out";  // case is ignored
  CHECK(selected(by_error) == ids({&timeout}));
  by_error.error_contains = "100%";  // LIKE wildcards are literal
  CHECK(selected(by_error) == ids({&percent}));
  by_error.error_contains = "d_v";
  CHECK(selected(by_error) == ids({&underscore}));
  by_error.error_contains = "%";
  CHECK(selected(by_error) == ids({&percent}));
  sdk::TaskQuery all_three;
  all_three.reason = "migration";
  all_three.completed_after = at(15);
  all_three.error_contains = "full";
  CHECK(selected(all_three) == ids({&percent}));

  // The same filter on list() finds the same failed tasks.
  by_error.error_contains = "UNAUTHORIZED";
  CHECK(ids(ok(read(b, [&](sdk::Repositories& r) { return r.tasks().list(by_error); }))) == ids({&auth}));
}

TEST_CASE("cancellation: a dry run answers exactly what the retry then does, and changes nothing",
          "[storage][tasks][cancel]") {
  QueueFixture q(2);
  auto& b = q.backend();
  // Article 0 failed twice: only its newest task comes back. Article 1 has a pending task already.
  const auto older = fail_one(q, 0, "update", "boom", at(10));
  const auto newer = fail_one(q, 0, "update", "boom again", at(20));
  fail_one(q, 1, "update", "boom", at(30));
  enqueue(b, task_for(q.articles[1], at(31)));

  sdk::RetryRequest preview;
  preview.dry_run = true;
  const auto would = retry_failed(b, preview, at(40));
  CHECK(ids(would) == ids({&newer}));
  CHECK(get(b, newer.id).status == sdk::TaskStatus::failed);
  CHECK(get(b, older.id).status == sdk::TaskStatus::failed);

  const auto did = retry_failed(b, {}, at(41));
  CHECK(ids(did) == ids(would));
  CHECK(get(b, newer.id).status == sdk::TaskStatus::pending);
  CHECK(get(b, older.id).status == sdk::TaskStatus::failed);
}
