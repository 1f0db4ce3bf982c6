// Operators steer a running server through the database, as the rollback guide does: the control row
// of embedding_worker_status (pause, drain, emergency stop) and status-guarded task updates that a
// late worker can never overwrite.
#include <catch2/catch.hpp>

#include <thread>

#include "common/clock.hpp"
#include "fake_ollama.hpp"
#include "queue/queue_rig.hpp"

using namespace std::chrono_literals;
using vellum::test::FakeOllama;
using vellum::test::Fault;
using vellum::test::QueueRig;
using vellum::test::QueueRigOptions;
namespace sdk = vellum::sdk;

namespace {

QueueRigOptions on(const FakeOllama& fake) {
  return {.embedding = "ollama",
          .embedding_settings = {{"base_url", fake.base_url()}, {"dimensions", "16"}},
          .queue_settings = {{"workers", "1"}}};
}

// Creates an article and waits until its task's provider call, held for `latency`, has begun: the
// task is in the provider's hands, not just claimed.
sdk::ArticleId create_in_flight(QueueRig& rig, FakeOllama& fake, const std::string& title,
                                std::chrono::milliseconds latency) {
  fake.reset_counters();
  fake.fail_next(Fault::latency(latency));
  const auto id = rig.create(title, title + ": in flight");
  REQUIRE(rig.wait_until([&] { return fake.calls() == 1; }));
  return id;
}

}  // namespace

TEST_CASE("UPDATE embedding_worker_status SET is_running = false pauses a running server, true resumes it") {
  QueueRig rig;
  auto& db = rig.database();
  // Verbatim shape of the rollback guide: no WHERE clause, every row of the table.
  db.exec("UPDATE embedding_worker_status SET is_running = " + db.boolean(false));
  REQUIRE(rig.wait_until([&] { return rig.queue().status().state == "paused"; }, 2s));
  const auto id = rig.create("Paused", "written while paused");
  std::this_thread::sleep_for(300ms);  // many poll intervals and claim chances
  CHECK(rig.task_status(id) == "pending");
  CHECK_FALSE(rig.events("paused").empty());

  db.exec("UPDATE embedding_worker_status SET is_running = " + db.boolean(true) + " WHERE id = 1");
  REQUIRE(rig.wait_until([&] { return rig.task_status(id) == "completed"; }));
  CHECK_FALSE(rig.events("resumed").empty());
}

TEST_CASE("an emergency stop cancels in-flight tasks with its reason and the late worker's result is dropped") {
  FakeOllama fake({.dimensions = 16});
  QueueRig rig(on(fake));
  const auto id = create_in_flight(rig, fake, "Inflight", 3s);

  auto& db = rig.database();
  db.exec("UPDATE embedding_worker_status SET is_running = " + db.boolean(false) +
          ", emergency_reason = 'Emergency stop initiated' WHERE id = 1");
  // Cancelled, not failed: the operator stopped it, the task did nothing wrong.
  REQUIRE(rig.wait_until([&] { return rig.task_status(id) == "cancelled"; }, 3s));
  CHECK(*rig.latest_task(id)->error_message == "Emergency stop initiated");
  REQUIRE(rig.wait_until([&] { return !rig.events("result_dropped").empty(); }));
  // Written after the tasks are cancelled, in its own transaction: the cancelled worker's result_dropped
  // can come first.
  CHECK(rig.wait_until([&] { return !rig.events("emergency_stop").empty(); }));
  const auto status = rig.queue().status();
  CHECK(status.state == "paused");
  CHECK_THAT(status.detail, Catch::Contains("emergency stop: Emergency stop initiated"));

  // Nothing is claimed until an operator says run again.
  const auto later = rig.create("Later", "written after the stop");
  std::this_thread::sleep_for(300ms);
  CHECK(rig.task_status(later) == "pending");
  CHECK(rig.task_status(id) == "cancelled");
  db.exec("UPDATE embedding_worker_status SET is_running = " + db.boolean(true) +
          ", emergency_reason = NULL WHERE id = 1");
  REQUIRE(rig.wait_until([&] { return rig.task_status(later) == "completed"; }));
  CHECK(rig.task_status(id) == "cancelled");
}

TEST_CASE("a task failed by an operator's SQL while processing is never overwritten by the worker") {
  FakeOllama fake({.dimensions = 16});
  QueueRig rig(on(fake));
  const auto id = create_in_flight(rig, fake, "Cancelled", 2s);

  auto& db = rig.database();
  CHECK(db.exec("UPDATE embedding_tasks SET status = 'failed', error_message = 'Emergency stop initiated', "
                "completed_at = " + db.now() + " WHERE status = 'processing'") == 1);
  REQUIRE(rig.wait_until([&] { return !rig.events("result_dropped").empty(); }, 5s));
  const auto task = *rig.latest_task(id);
  CHECK(task.status == sdk::TaskStatus::failed);
  CHECK(*task.error_message == "Emergency stop initiated");
  CHECK(rig.queue().status().state == "running");
}

// A process that stalls past its leases loses its tasks to the rescuer, and may then claim them again
// itself. The first claim's late result must not complete them: every claim has its own claimant
// ("<worker id>/<n>"), and only the current claim's transitions match. Here the rescue and the second
// claim happen in one transaction, so the first batch cannot notice in between; the second claim names
// the bare worker id, as a claim by this server always did before claims were numbered.
TEST_CASE("a batch whose task was rescued and claimed again by the same server cannot complete it") {
  FakeOllama fake({.dimensions = 16});
  QueueRig rig(on(fake));
  const auto id = create_in_flight(rig, fake, "Stalled", 1500ms);
  const auto first = *rig.latest_task(id);
  REQUIRE(first.claimed_by);
  CHECK(first.claimed_by->rfind(rig.worker_id() + "/", 0) == 0);

  const auto later = vellum::now_ms() + 1h;  // past the first claim's lease; the rescue makes the task due then
  auto again = rig.storage().transact([&](sdk::Repositories& repos) -> sdk::Status {
    auto rescued = repos.tasks().rescue_expired(later, "lease expired: test");
    if (!rescued) return std::move(rescued).error();
    auto claimed = repos.tasks().claim_batch(rig.worker_id(), 1, later, 60s);
    if (!claimed) return std::move(claimed).error();
    if (claimed.value().size() != 1) return sdk::Error(sdk::ErrorKind::internal, "nothing to claim again");
    return {};
  });
  INFO((again.ok() ? std::string() : again.error().message));
  REQUIRE(again.ok());

  // The first batch loses: its lease renewal or its result is refused, and the task stays the second
  // claim's, unfinished.
  REQUIRE(rig.wait_until([&] { return !rig.events("result_dropped").empty(); }, 5s));
  const auto now_held = *rig.latest_task(id);
  CHECK(now_held.status == sdk::TaskStatus::processing);
  CHECK(now_held.claimed_by == rig.worker_id());
  CHECK(now_held.attempts == 2);
}

TEST_CASE("drain mode in the control row finishes the queue and says so") {
  QueueRig rig;
  REQUIRE(rig.queue().pause().ok());
  std::vector<sdk::ArticleId> ids;
  for (int i = 0; i < 4; ++i) ids.push_back(rig.create("Queued " + std::to_string(i), "text " + std::to_string(i)));
  auto& db = rig.database();
  db.exec("UPDATE embedding_worker_status SET draining = " + db.boolean(true) + " WHERE id = 1");
  REQUIRE(rig.queue().resume().ok());
  REQUIRE(rig.wait_until([&] {
    for (auto id : ids) if (rig.task_status(id) != "completed") return false;
    return true;
  }));
  REQUIRE(rig.wait_until([&] { return rig.queue().status().detail == "drained: no tasks left"; }, 5s));
  CHECK(rig.queue().status().state == "draining");
  CHECK_FALSE(rig.events("draining").empty());
}

TEST_CASE("drain() finishes the claimed work, then claims nothing more until resumed") {
  FakeOllama fake({.dimensions = 16});
  QueueRig rig(on(fake));
  fake.fail_next(Fault::latency(700ms));
  const auto first = rig.create("First", "claimed before the drain");
  REQUIRE(rig.wait_until([&] { return rig.task_status(first) == "processing"; }));
  REQUIRE(rig.queue().drain(std::chrono::steady_clock::now() + 10s).ok());
  CHECK(rig.task_status(first) == "completed");
  CHECK_THAT(rig.queue().status().detail, Catch::Contains("drained"));

  const auto second = rig.create("Second", "written after the drain");
  std::this_thread::sleep_for(300ms);
  CHECK(rig.task_status(second) == "pending");
  REQUIRE(rig.queue().resume().ok());
  REQUIRE(rig.wait_until([&] { return rig.task_status(second) == "completed"; }));
}
