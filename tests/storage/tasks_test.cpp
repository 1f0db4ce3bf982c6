// Storage conformance: the durable embedding queue — enqueue and coalescing, claiming, guarded
// transitions, lease rescue, operator actions (cancel, remove, retry) and counts.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <thread>

#include "storage/backend_fixture.hpp"
#include "storage/storage_test_helpers.hpp"
#include "storage/task_test_helpers.hpp"

using namespace vellum;
using namespace vellum::test;
using std::chrono::milliseconds;
using std::chrono::seconds;

TEST_CASE("tasks: enqueue stores a pending task with every field", "[storage][tasks]") {
  QueueFixture q(1);
  auto t = task_for(q.articles[0], at(10), sdk::TaskPriority::high, sdk::TaskOperation::create);
  t.max_attempts = 5;
  t.metadata_json = R"({"reason":"manual_retry"})";
  auto out = enqueue(q.backend(), t);
  CHECK_FALSE(out.coalesced);
  const auto& task = out.task;
  CHECK(task.id.size() == 36);
  CHECK(task.article_id == q.articles[0].id);
  CHECK(task.slug == "article-0");
  CHECK(task.operation == sdk::TaskOperation::create);
  CHECK(task.priority == sdk::TaskPriority::high);
  CHECK(task.status == sdk::TaskStatus::pending);
  CHECK(task.attempts == 0);
  CHECK(task.max_attempts == 5);
  CHECK(task.created_at == at(10));
  CHECK(task.scheduled_at == at(10));
  CHECK_FALSE(task.processed_at);
  CHECK_FALSE(task.completed_at);
  CHECK_FALSE(task.error_message);
  CHECK(task.metadata_json == R"({"reason":"manual_retry"})");
  CHECK_FALSE(task.claimed_by);
  CHECK_FALSE(task.embedding_set_id);
  CHECK(get(q.backend(), task.id).slug == "article-0");
}

// Time-ordered (RFC 9562 version 7) ids keep the append-mostly tables' primary keys appending at
// one edge of the index. What users see: ids of tasks made later sort later.
TEST_CASE("tasks: ids are version 7 UUIDs and later tasks sort later", "[storage][tasks]") {
  QueueFixture q(3);
  std::vector<std::string> ids;
  for (const auto& article : q.articles) {
    ids.push_back(enqueue(q.backend(), task_for(article, at(10))).task.id);
    std::this_thread::sleep_for(milliseconds(2));  // the id's clock counts milliseconds
  }
  for (const auto& id : ids) {
    REQUIRE(id.size() == 36);
    CHECK(id[14] == '7');                                          // version
    CHECK(std::string("89ab").find(id[19]) != std::string::npos);  // RFC variant
  }
  CHECK(std::is_sorted(ids.begin(), ids.end()));
  CHECK(std::set<std::string>(ids.begin(), ids.end()).size() == ids.size());
}

TEST_CASE("tasks: a second enqueue coalesces — newest operation and metadata, highest priority, earliest due",
          "[storage][tasks][coalesce]") {
  QueueFixture q(1);
  auto first = task_for(q.articles[0], at(10), sdk::TaskPriority::high, sdk::TaskOperation::create);
  first.scheduled_at = at(20);
  first.metadata_json = R"({"reason":"first"})";
  const auto original = enqueue(q.backend(), first).task;

  auto second = task_for(q.articles[0], at(30), sdk::TaskPriority::low, sdk::TaskOperation::delete_);
  second.scheduled_at = at(15);
  second.metadata_json = R"({"reason":"second"})";
  auto merged = enqueue(q.backend(), second);
  CHECK(merged.coalesced);
  CHECK(merged.task.id == original.id);
  CHECK(merged.task.operation == sdk::TaskOperation::delete_);
  CHECK(merged.task.metadata_json == R"({"reason":"second"})");
  CHECK(merged.task.priority == sdk::TaskPriority::high);
  CHECK(merged.task.scheduled_at == at(15));
  CHECK(merged.task.created_at == at(10));

  auto third = task_for(q.articles[0], at(40), sdk::TaskPriority::normal);
  third.scheduled_at = at(50);
  merged = enqueue(q.backend(), third);
  CHECK(merged.task.priority == sdk::TaskPriority::high);
  CHECK(merged.task.scheduled_at == at(15));
  CHECK(merged.task.operation == sdk::TaskOperation::update);

  CHECK(ok(read(q.backend(), [](sdk::Repositories& r) { return r.tasks().list({}); })).size() == 1);
}

TEST_CASE("tasks: coalescing is per article and per embedding set, and only with pending tasks",
          "[storage][tasks][coalesce]") {
  QueueFixture q(2);
  const auto set = ok(write(q.backend(), [](sdk::Repositories& r) { return r.embedding_sets().find_or_create("p", "m", 2, at(0)); }));
  enqueue(q.backend(), task_for(q.articles[0], at(1)));
  CHECK_FALSE(enqueue(q.backend(), task_for(q.articles[1], at(2))).coalesced);
  auto for_set = task_for(q.articles[0], at(3));
  for_set.embedding_set_id = set.id;
  auto in_set = enqueue(q.backend(), for_set);
  CHECK_FALSE(in_set.coalesced);
  CHECK(in_set.task.embedding_set_id == std::optional<sdk::EmbeddingSetId>(set.id));
  CHECK(enqueue(q.backend(), for_set).coalesced);
  sdk::TaskQuery of_set;
  of_set.embedding_set_id = set.id;
  auto listed = ok(read(q.backend(), [&](sdk::Repositories& r) { return r.tasks().list(of_set); }));
  REQUIRE(listed.size() == 1);
  CHECK(listed.front().id == in_set.task.id);

  // Once claimed, the task is no longer pending: a new edit queues a new task.
  auto claimed = claim(q.backend(), "w1", 10, at(10));
  CHECK(claimed.size() == 2);  // one per article
  auto after_claim = enqueue(q.backend(), task_for(q.articles[1], at(11)));
  CHECK_FALSE(after_claim.coalesced);
}

TEST_CASE("tasks: claim order is priority, then due time, then age, future tasks wait", "[storage][tasks][claim]") {
  QueueFixture q(6);
  auto& b = q.backend();
  const auto low = enqueue(b, task_for(q.articles[0], at(1), sdk::TaskPriority::low)).task;
  const auto normal_late = enqueue(b, [&] {
    auto t = task_for(q.articles[1], at(2));
    t.scheduled_at = at(8);
    return t;
  }()).task;
  const auto normal_old = enqueue(b, task_for(q.articles[2], at(3))).task;
  const auto normal_new = enqueue(b, [&] {
    auto t = task_for(q.articles[3], at(4));
    t.scheduled_at = at(3);  // due at the same time as normal_old, but created later
    return t;
  }()).task;
  const auto high = enqueue(b, task_for(q.articles[4], at(5), sdk::TaskPriority::high)).task;
  const auto future = enqueue(b, [&] {
    auto t = task_for(q.articles[5], at(6), sdk::TaskPriority::high);
    t.scheduled_at = at(1000);
    return t;
  }()).task;

  auto claimed = claim(b, "w1", 10, at(100));
  std::vector<std::string> order;
  for (const auto& t : claimed) order.push_back(t.id);
  CHECK(order == std::vector<std::string>{high.id, normal_old.id, normal_new.id, normal_late.id, low.id});
  for (const auto& t : claimed) {
    CHECK(t.status == sdk::TaskStatus::processing);
    CHECK(t.attempts == 1);
    CHECK(t.claimed_by == std::optional<std::string>("w1"));
    CHECK(t.processed_at == std::optional<sdk::Timestamp>(at(100)));
    CHECK(t.lease_expires_at == std::optional<sdk::Timestamp>(at(160)));
  }
  CHECK(get(b, future.id).status == sdk::TaskStatus::pending);
  CHECK(claim(b, "w1", 10, at(999)).empty());
  CHECK(claim(b, "w1", 10, at(1000)).size() == 1);
}

TEST_CASE("tasks: claim respects the limit and never two tasks of one article", "[storage][tasks][claim]") {
  QueueFixture q(3);
  auto& b = q.backend();
  const auto s1 = ok(write(b, [](sdk::Repositories& r) { return r.embedding_sets().find_or_create("p", "m1", 2, at(0)); }));
  const auto s2 = ok(write(b, [](sdk::Repositories& r) { return r.embedding_sets().find_or_create("p", "m2", 2, at(0)); }));
  // Article 0 has three pending tasks (no set, set 1, set 2), all due before the others.
  for (std::optional<sdk::EmbeddingSetId> set : {std::optional<sdk::EmbeddingSetId>(), std::optional(s1.id), std::optional(s2.id)}) {
    auto t = task_for(q.articles[0], at(1), sdk::TaskPriority::high);
    t.embedding_set_id = set;
    enqueue(b, t);
  }
  enqueue(b, task_for(q.articles[1], at(2)));
  enqueue(b, task_for(q.articles[2], at(3)));

  auto first = claim(b, "w1", 2, at(10));
  REQUIRE(first.size() == 2);
  CHECK(first[0].article_id == q.articles[0].id);
  CHECK(first[1].article_id == q.articles[1].id);

  // Article 0 still has a task in processing: its other tasks wait, even for another worker.
  auto second = claim(b, "w2", 10, at(11));
  REQUIRE(second.size() == 1);
  CHECK(second[0].article_id == q.articles[2].id);

  CHECK(ok(write(b, [&](sdk::Repositories& r) { return r.tasks().complete(first[0].id, "w1", at(12)); })));
  auto third = claim(b, "w2", 10, at(13));
  REQUIRE(third.size() == 1);
  CHECK(third[0].article_id == q.articles[0].id);
}

TEST_CASE("tasks: complete, fail and reschedule are guarded by status and claimant", "[storage][tasks][transitions]") {
  QueueFixture q(3);
  auto& b = q.backend();
  for (int i = 0; i < 3; ++i) enqueue(b, task_for(q.articles[i], at(i)));
  auto tasks = claim(b, "w1", 3, at(10));
  REQUIRE(tasks.size() == 3);

  // Someone else's task: refused.
  CHECK_FALSE(ok(write(b, [&](sdk::Repositories& r) { return r.tasks().complete(tasks[0].id, "w2", at(11)); })));
  CHECK_FALSE(ok(write(b, [&](sdk::Repositories& r) { return r.tasks().complete("no-such-task", "w1", at(11)); })));

  CHECK(ok(write(b, [&](sdk::Repositories& r) { return r.tasks().complete(tasks[0].id, "w1", at(11)); })));
  auto done = get(b, tasks[0].id);
  CHECK(done.status == sdk::TaskStatus::completed);
  CHECK(done.completed_at == std::optional<sdk::Timestamp>(at(11)));
  CHECK_FALSE(ok(write(b, [&](sdk::Repositories& r) { return r.tasks().complete(tasks[0].id, "w1", at(12)); })));

  CHECK(ok(write(b, [&](sdk::Repositories& r) { return r.tasks().fail(tasks[1].id, "w1", "provider said no", at(12)); })));
  auto failed = get(b, tasks[1].id);
  CHECK(failed.status == sdk::TaskStatus::failed);
  CHECK(failed.error_message == std::optional<std::string>("provider said no"));
  CHECK(failed.completed_at == std::optional<sdk::Timestamp>(at(12)));

  CHECK(ok(write(b, [&](sdk::Repositories& r) { return r.tasks().reschedule(tasks[2].id, "w1", "timeout", at(30), false); })));
  auto again = get(b, tasks[2].id);
  CHECK(again.status == sdk::TaskStatus::pending);
  CHECK(again.scheduled_at == at(30));
  CHECK(again.error_message == std::optional<std::string>("timeout"));
  CHECK(again.attempts == 1);  // the attempt counts
  CHECK_FALSE(again.claimed_by);
  CHECK_FALSE(again.processed_at);
  CHECK(claim(b, "w1", 1, at(29)).empty());
  auto reclaimed = claim(b, "w1", 1, at(30));
  REQUIRE(reclaimed.size() == 1);
  CHECK(reclaimed[0].attempts == 2);

  // A refunded attempt (rate limited, shutting down) does not count.
  CHECK(ok(write(b, [&](sdk::Repositories& r) { return r.tasks().reschedule(tasks[2].id, "w1", "rate limited", at(40), true); })));
  CHECK(get(b, tasks[2].id).attempts == 1);
}

TEST_CASE("tasks: a cancelled or rescued task refuses its worker's late result", "[storage][tasks][transitions]") {
  QueueFixture q(2);
  auto& b = q.backend();
  enqueue(b, task_for(q.articles[0], at(1)));
  enqueue(b, task_for(q.articles[1], at(2)));
  auto tasks = claim(b, "w1", 2, at(10), seconds(5));
  REQUIRE(tasks.size() == 2);

  sdk::TaskQuery by_article;
  by_article.article_id = q.articles[0].id;
  CHECK(ok(write(b, [&](sdk::Repositories& r) { return r.tasks().cancel(by_article, "Emergency stop initiated", at(11)); })) == 1);
  CHECK_FALSE(ok(write(b, [&](sdk::Repositories& r) { return r.tasks().complete(tasks[0].id, "w1", at(12)); })));
  CHECK_FALSE(ok(write(b, [&](sdk::Repositories& r) { return r.tasks().fail(tasks[0].id, "w1", "x", at(12)); })));
  CHECK_FALSE(ok(write(b, [&](sdk::Repositories& r) { return r.tasks().reschedule(tasks[0].id, "w1", "x", at(12), false); })));
  auto cancelled = get(b, tasks[0].id);
  CHECK(cancelled.status == sdk::TaskStatus::cancelled);
  CHECK(cancelled.error_message == std::optional<std::string>("Emergency stop initiated"));
  CHECK(cancelled.completed_at == std::optional<sdk::Timestamp>(at(11)));

  // The lease of the second ran out at 15; after rescue another worker owns it.
  CHECK(ok(write(b, [&](sdk::Repositories& r) { return r.tasks().rescue_expired(at(16), "lease expired"); })) == 1);
  CHECK_FALSE(ok(write(b, [&](sdk::Repositories& r) { return r.tasks().complete(tasks[1].id, "w1", at(17)); })));
  CHECK_FALSE(ok(write(b, [&](sdk::Repositories& r) { return r.tasks().extend_lease(tasks[1].id, "w1", at(99)); })));
  auto taken_over = claim(b, "w2", 1, at(18));
  REQUIRE(taken_over.size() == 1);
  CHECK(taken_over[0].id == tasks[1].id);
  CHECK(taken_over[0].attempts == 2);
  CHECK_FALSE(ok(write(b, [&](sdk::Repositories& r) { return r.tasks().complete(tasks[1].id, "w1", at(19)); })));
  CHECK(ok(write(b, [&](sdk::Repositories& r) { return r.tasks().complete(tasks[1].id, "w2", at(19)); })));
}

TEST_CASE("tasks: lease rescue requeues, fails spent tasks, and spares live leases", "[storage][tasks][rescue]") {
  QueueFixture q(3);
  auto& b = q.backend();
  for (int i = 0; i < 3; ++i) {
    auto t = task_for(q.articles[i], at(i));
    t.max_attempts = i == 1 ? 1 : 3;
    enqueue(b, t);
  }
  auto tasks = claim(b, "w1", 3, at(10), seconds(10));
  REQUIRE(tasks.size() == 3);
  // The third keeps its lease alive.
  CHECK(ok(write(b, [&](sdk::Repositories& r) { return r.tasks().extend_lease(tasks[2].id, "w1", at(100)); })));

  CHECK(ok(write(b, [&](sdk::Repositories& r) { return r.tasks().rescue_expired(at(20), "lease expired"); })) == 0);
  CHECK(ok(write(b, [&](sdk::Repositories& r) { return r.tasks().rescue_expired(at(21), "lease expired"); })) == 2);

  auto requeued = get(b, tasks[0].id);
  CHECK(requeued.status == sdk::TaskStatus::pending);
  CHECK(requeued.error_message == std::optional<std::string>("lease expired"));
  CHECK(requeued.attempts == 1);
  CHECK(requeued.scheduled_at == at(21));
  CHECK_FALSE(requeued.claimed_by);
  auto spent = get(b, tasks[1].id);
  CHECK(spent.status == sdk::TaskStatus::failed);
  CHECK(spent.completed_at == std::optional<sdk::Timestamp>(at(21)));
  CHECK(get(b, tasks[2].id).status == sdk::TaskStatus::processing);
}

TEST_CASE("tasks: a requeue meets a newer pending task of the same article and merges into it",
          "[storage][tasks][rescue]") {
  QueueFixture q(1);
  auto& b = q.backend();
  enqueue(b, task_for(q.articles[0], at(1), sdk::TaskPriority::high));
  auto claimed = claim(b, "w1", 1, at(2), seconds(5));
  REQUIRE(claimed.size() == 1);
  auto newer = enqueue(b, task_for(q.articles[0], at(3), sdk::TaskPriority::low)).task;
  CHECK(newer.id != claimed[0].id);

  CHECK(ok(write(b, [&](sdk::Repositories& r) { return r.tasks().rescue_expired(at(20), "lease expired"); })) == 1);
  auto pending = ok(read(b, [](sdk::Repositories& r) {
    sdk::TaskQuery q;
    q.statuses = {sdk::TaskStatus::pending, sdk::TaskStatus::processing};
    return r.tasks().list(q);
  }));
  REQUIRE(pending.size() == 1);
  CHECK(pending[0].id == newer.id);
  CHECK(pending[0].priority == sdk::TaskPriority::high);
}

TEST_CASE("tasks: list, cancel and remove select by status, priority, reason, age and article",
          "[storage][tasks][admin]") {
  QueueFixture q(4);
  auto& b = q.backend();
  auto migration = task_for(q.articles[0], at(1), sdk::TaskPriority::low);
  migration.metadata_json = R"({"reason":"migration","batch":1})";
  enqueue(b, migration);
  auto migration2 = task_for(q.articles[1], at(2), sdk::TaskPriority::normal);
  migration2.metadata_json = R"({"reason":"migration"})";
  enqueue(b, migration2);
  auto edit = task_for(q.articles[2], at(3), sdk::TaskPriority::low);
  edit.metadata_json = R"({"reason":"edit"})";
  enqueue(b, edit);
  enqueue(b, task_for(q.articles[3], at(4), sdk::TaskPriority::high));

  auto list = [&](const sdk::TaskQuery& query) {
    return ok(read(b, [&](sdk::Repositories& r) { return r.tasks().list(query); }));
  };
  auto all = list({});
  REQUIRE(all.size() == 4);
  CHECK(all[0].article_id == q.articles[3].id);  // newest first
  sdk::TaskQuery paged;
  paged.limit = 2;
  paged.offset = 1;
  auto page = list(paged);
  REQUIRE(page.size() == 2);
  CHECK(page[0].article_id == q.articles[2].id);

  sdk::TaskQuery reason;
  reason.reason = "migration";
  CHECK(list(reason).size() == 2);
  sdk::TaskQuery low;
  low.priority = sdk::TaskPriority::low;
  CHECK(list(low).size() == 2);
  sdk::TaskQuery old;
  old.created_before = at(3);
  CHECK(list(old).size() == 2);

  // Cancel pending migration tasks: the rollback of a provider switch.
  sdk::TaskQuery cancel_q;
  cancel_q.statuses = {sdk::TaskStatus::pending};
  cancel_q.reason = "migration";
  CHECK(ok(write(b, [&](sdk::Repositories& r) { return r.tasks().cancel(cancel_q, "Migration rolled back", at(10)); })) == 2);
  CHECK(list(cancel_q).empty());
  sdk::TaskQuery failed;
  failed.statuses = {sdk::TaskStatus::failed};
  CHECK(list(failed).empty());  // a cancellation is not a failure
  sdk::TaskQuery cancelled_q;
  cancelled_q.statuses = {sdk::TaskStatus::cancelled};
  auto cancelled = list(cancelled_q);
  REQUIRE(cancelled.size() == 2);
  CHECK(cancelled[0].error_message == std::optional<std::string>("Migration rolled back"));
  CHECK(cancelled[0].completed_at == std::optional<sdk::Timestamp>(at(10)));
  // Cancelling touches only pending and processing tasks.
  CHECK(ok(write(b, [&](sdk::Repositories& r) { return r.tasks().cancel(reason, "again", at(11)); })) == 0);

  CHECK(ok(write(b, [&](sdk::Repositories& r) { return r.tasks().remove(cancelled_q); })) == 2);
  CHECK(list({}).size() == 2);
  sdk::TaskQuery article;
  article.article_id = q.articles[2].id;
  CHECK(ok(write(b, [&](sdk::Repositories& r) { return r.tasks().remove(article); })) == 1);
  CHECK(list({}).size() == 1);
}

TEST_CASE("tasks: retry and retry_failed bring failed tasks back", "[storage][tasks][admin]") {
  QueueFixture q(3);
  auto& b = q.backend();
  for (int i = 0; i < 3; ++i) {
    auto t = task_for(q.articles[i], at(i));
    t.max_attempts = 2;
    enqueue(b, t);
  }
  auto tasks = claim(b, "w1", 3, at(10));
  REQUIRE(tasks.size() == 3);
  for (const auto& t : tasks) CHECK(ok(write(b, [&](sdk::Repositories& r) { return r.tasks().fail(t.id, "w1", "boom", at(11)); })));

  // attempts 1 < max 2: retry works; error cleared; due now.
  CHECK(ok(write(b, [&](sdk::Repositories& r) { return r.tasks().retry(tasks[0].id, false, at(20)); })));
  auto retried = get(b, tasks[0].id);
  CHECK(retried.status == sdk::TaskStatus::pending);
  CHECK_FALSE(retried.error_message);
  CHECK_FALSE(retried.completed_at);
  CHECK(retried.scheduled_at == at(20));
  // Only failed tasks can be retried.
  CHECK_FALSE(ok(write(b, [&](sdk::Repositories& r) { return r.tasks().retry(tasks[0].id, false, at(21)); })));

  // Spend the second task's attempts: retry refuses unless forced.
  CHECK(ok(write(b, [&](sdk::Repositories& r) { return r.tasks().retry(tasks[1].id, false, at(20)); })));
  auto second = claim(b, "w1", 3, at(21));
  for (const auto& t : second) CHECK(ok(write(b, [&](sdk::Repositories& r) { return r.tasks().fail(t.id, "w1", "boom", at(22)); })));
  CHECK(get(b, tasks[1].id).attempts == 2);
  CHECK_FALSE(ok(write(b, [&](sdk::Repositories& r) { return r.tasks().retry(tasks[1].id, false, at(23)); })));
  CHECK(ok(write(b, [&](sdk::Repositories& r) { return r.tasks().retry(tasks[1].id, true, at(23)); })));

  // retry_failed: the third (attempts 1 < 2) comes back; the first (attempts 2) only with a higher bound.
  CHECK(get(b, tasks[0].id).attempts == 2);
  auto brought_back = ok(write(b, [&](sdk::Repositories& r) { return r.tasks().retry_failed({}, at(30)); }));
  REQUIRE(brought_back.size() == 1);
  CHECK(brought_back[0].id == tasks[2].id);
  CHECK(brought_back[0].status == sdk::TaskStatus::failed);  // as it was before
  CHECK(get(b, tasks[2].id).status == sdk::TaskStatus::pending);
  CHECK(get(b, tasks[0].id).status == sdk::TaskStatus::failed);
  sdk::RetryRequest higher;
  higher.attempts_below = 5;
  CHECK(ok(write(b, [&](sdk::Repositories& r) { return r.tasks().retry_failed(higher, at(31)); })).size() == 1);
  CHECK(get(b, tasks[0].id).status == sdk::TaskStatus::pending);
}

TEST_CASE("tasks: a failed task is not retried over a newer pending task of its article", "[storage][tasks][admin]") {
  QueueFixture q(1);
  auto& b = q.backend();
  enqueue(b, task_for(q.articles[0], at(1)));
  auto first = claim(b, "w1", 1, at(2));
  REQUIRE(first.size() == 1);
  CHECK(ok(write(b, [&](sdk::Repositories& r) { return r.tasks().fail(first[0].id, "w1", "boom", at(3)); })));
  enqueue(b, task_for(q.articles[0], at(4)));
  CHECK_FALSE(ok(write(b, [&](sdk::Repositories& r) { return r.tasks().retry(first[0].id, true, at(5)); })));
  CHECK(ok(write(b, [&](sdk::Repositories& r) { return r.tasks().retry_failed({}, at(5)); })).empty());
}

TEST_CASE("tasks: counts by status, and by priority and operation of open tasks", "[storage][tasks]") {
  QueueFixture q(4);
  auto& b = q.backend();
  enqueue(b, task_for(q.articles[0], at(1), sdk::TaskPriority::high, sdk::TaskOperation::create));
  enqueue(b, task_for(q.articles[1], at(2), sdk::TaskPriority::low, sdk::TaskOperation::delete_));
  enqueue(b, task_for(q.articles[2], at(3)));
  enqueue(b, task_for(q.articles[3], at(4)));
  auto claimed = claim(b, "w1", 2, at(10));
  REQUIRE(claimed.size() == 2);  // the high one and the oldest normal one
  CHECK(ok(write(b, [&](sdk::Repositories& r) { return r.tasks().complete(claimed[1].id, "w1", at(11)); })));

  auto counts = ok(read(b, [](sdk::Repositories& r) { return r.tasks().counts(); }));
  CHECK(counts.by_status["pending"] == 2);
  CHECK(counts.by_status["processing"] == 1);
  CHECK(counts.by_status["completed"] == 1);
  CHECK(counts.by_status["failed"] == 0);
  CHECK(counts.by_status["cancelled"] == 0);  // every status is present, zero or not
  CHECK(counts.by_priority["high"] == 1);
  CHECK(counts.by_priority["low"] == 1);
  CHECK(counts.by_priority["normal"] == 1);
  CHECK(counts.by_operation["create"] == 1);
  CHECK(counts.by_operation["delete"] == 1);
  CHECK(counts.by_operation["update"] == 1);
}

TEST_CASE("tasks: two workers claiming at once never get the same task", "[storage][tasks][claim]") {
  QueueFixture q(20);
  auto& b = q.backend();
  auto other = q.fx.open_another();
  for (int i = 0; i < 20; ++i) enqueue(b, task_for(q.articles[i], at(i)));
  std::vector<sdk::Task> got_a, got_b;
  std::thread ta([&] {
    for (int i = 0; i < 10; ++i) {
      auto batch = claim(b, "wa", 2, at(100));
      got_a.insert(got_a.end(), batch.begin(), batch.end());
    }
  });
  std::thread tb([&] {
    for (int i = 0; i < 10; ++i) {
      auto batch = claim(*other, "wb", 2, at(100));
      got_b.insert(got_b.end(), batch.begin(), batch.end());
    }
  });
  ta.join();
  tb.join();
  std::set<std::string> ids;
  for (const auto& t : got_a) ids.insert(t.id);
  for (const auto& t : got_b) ids.insert(t.id);
  CHECK(got_a.size() + got_b.size() == 20);
  CHECK(ids.size() == 20);
}

TEST_CASE("tasks: completed and processed time filters select for cleanup and stuck tasks", "[storage][tasks][admin]") {
  QueueFixture q(3);
  auto& b = q.backend();
  for (int i = 0; i < 3; ++i) enqueue(b, task_for(q.articles[static_cast<std::size_t>(i)], at(i)));
  auto claimed = claim(b, "w1", 3, at(10));
  REQUIRE(claimed.size() == 3);
  CHECK(ok(write(b, [&](sdk::Repositories& r) { return r.tasks().complete(claimed[0].id, "w1", at(20)); })));
  CHECK(ok(write(b, [&](sdk::Repositories& r) { return r.tasks().complete(claimed[1].id, "w1", at(40)); })));
  auto list = [&](const sdk::TaskQuery& query) {
    return ok(read(b, [&](sdk::Repositories& r) { return r.tasks().list(query); }));
  };
  sdk::TaskQuery old_done;
  old_done.completed_before = at(30);
  CHECK(list(old_done).size() == 1);
  sdk::TaskQuery recent_done;
  recent_done.completed_after = at(30);
  CHECK(list(recent_done).size() == 1);
  sdk::TaskQuery stuck;
  stuck.statuses = {sdk::TaskStatus::processing};
  stuck.processed_before = at(11);
  CHECK(list(stuck).size() == 1);
  stuck.processed_before = at(10);
  CHECK(list(stuck).empty());
}

TEST_CASE("tasks: restore puts an exported task back as it was, once", "[storage][tasks][admin]") {
  QueueFixture q(2);
  auto& b = q.backend();
  auto first = enqueue(b, task_for(q.articles[0], at(1), sdk::TaskPriority::high)).task;
  auto claimed = claim(b, "w1", 1, at(2));
  REQUIRE(claimed.size() == 1);
  CHECK(ok(write(b, [&](sdk::Repositories& r) { return r.tasks().fail(first.id, "w1", "boom", at(3)); })));
  const sdk::Task exported = get(b, first.id);
  auto pending = task_for(q.articles[1], at(4));
  pending.metadata_json = R"({"reason":"migration"})";
  const sdk::Task exported_pending = enqueue(b, pending).task;
  CHECK(ok(write(b, [&](sdk::Repositories& r) { return r.tasks().remove({}); })) == 2);

  CHECK(ok(write(b, [&](sdk::Repositories& r) { return r.tasks().restore(exported); })));
  CHECK(ok(write(b, [&](sdk::Repositories& r) { return r.tasks().restore(exported_pending); })));
  const auto back = get(b, first.id);
  CHECK(back.status == sdk::TaskStatus::failed);
  CHECK(back.attempts == exported.attempts);
  CHECK(back.priority == sdk::TaskPriority::high);
  CHECK(back.error_message == std::optional<std::string>("boom"));
  CHECK(back.completed_at == exported.completed_at);
  CHECK(get(b, exported_pending.id).metadata_json.find("migration") != std::string::npos);
  // Twice is a no-op; a second pending task of the same article is refused by the one-pending index.
  CHECK_FALSE(ok(write(b, [&](sdk::Repositories& r) { return r.tasks().restore(exported); })));
  sdk::Task twin = exported_pending;
  twin.id = "00000000-0000-4000-8000-000000000001";
  CHECK_FALSE(ok(write(b, [&](sdk::Repositories& r) { return r.tasks().restore(twin); })));
  // A task of a deleted article is skipped.
  sdk::Task orphan = exported;
  orphan.id = "00000000-0000-4000-8000-000000000002";
  orphan.article_id = 999999;
  CHECK_FALSE(ok(write(b, [&](sdk::Repositories& r) { return r.tasks().restore(orphan); })));
}
