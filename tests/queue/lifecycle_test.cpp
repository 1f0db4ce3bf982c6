// The worker process's life: heartbeats, rescue of a dead worker's tasks while running (not only at
// start), stop() releasing in-flight work promptly without spending attempts, restart after stop.
#include <catch2/catch.hpp>

#include "common/clock.hpp"
#include "fake_ollama.hpp"
#include "queue/queue_rig.hpp"

using namespace std::chrono_literals;
using vellum::test::FakeOllama;
using vellum::test::Fault;
using vellum::test::QueueRig;
namespace sdk = vellum::sdk;

TEST_CASE("tasks of a worker that died are rescued by the periodic reaper and finished") {
  QueueRig rig;
  REQUIRE(rig.wait_until([&] { return !rig.events("startup_cleanup").empty(); }));
  REQUIRE(rig.queue().pause().ok());
  const auto id = rig.insert_without_task("orphan", "claimed by a process that then died");
  const auto task = rig.enqueue(id);
  // Another process claims it with a short lease and is never heard of again.
  std::size_t taken = 0;
  auto claimed = rig.storage().transact([&](sdk::Repositories& repos) -> sdk::Status {
    auto got = repos.tasks().claim_batch("dead-worker", 10, vellum::now_ms(), 200ms);
    if (!got) return std::move(got).error();
    taken = got.value().size();
    return {};
  });
  REQUIRE(claimed.ok());
  REQUIRE(taken == 1);
  REQUIRE(rig.queue().resume().ok());

  REQUIRE(rig.wait_until([&] { return rig.task_status(id) == "completed"; }));
  const auto done = *rig.latest_task(id);
  CHECK(done.id == task.id);
  REQUIRE(done.claimed_by);
  CHECK(done.claimed_by->rfind(rig.worker_id() + "/", 0) == 0);  // "<worker id>/<claim number>"
  CHECK(done.attempts == 2);  // the dead worker's attempt counts
  CHECK_FALSE(rig.events("tasks_rescued").empty());
}

TEST_CASE("stop() cancels in-flight work promptly, refunds the attempt, and the queue can start again") {
  FakeOllama fake({.dimensions = 16});
  QueueRig rig({.embedding = "ollama",
                .embedding_settings = {{"base_url", fake.base_url()}, {"dimensions", "16"}}});
  fake.reset_counters();  // the health check at start-up embedded one text
  fake.fail_next(Fault::hang());
  const auto id = rig.create("Hung", "the provider never answers this one");
  REQUIRE(rig.wait_until([&] { return fake.calls() == 1; }));  // in the provider's hands, not just claimed

  const auto started = std::chrono::steady_clock::now();
  rig.queue().stop();
  CHECK(std::chrono::steady_clock::now() - started < 5s);
  const auto released = *rig.latest_task(id);
  CHECK(released.status == sdk::TaskStatus::pending);
  CHECK(released.attempts == 0);
  CHECK_FALSE(rig.events("released", released.id).empty());
  CHECK(rig.queue().status().state == "stopped");
  bool heartbeat_says_stopped = false;
  for (const auto& w : rig.workers()) heartbeat_says_stopped |= (w.worker_id == rig.worker_id() && !w.is_running);
  CHECK(heartbeat_says_stopped);

  // A reverted hot swap starts the previous strategy again.
  REQUIRE(rig.queue().start().ok());
  const bool completed = rig.wait_until([&] { return rig.task_status(id) == "completed"; });
  INFO(rig.audit_trail() << rig.queue().status().state << " " << rig.queue().status().detail);
  REQUIRE(completed);
  CHECK(rig.latest_task(id)->attempts == 1);
  CHECK(rig.events("started").size() == 2);
  CHECK(rig.events("stopped").size() == 1);
}

TEST_CASE("each worker process keeps its own heartbeat row with its counters") {
  QueueRig rig;
  const auto id = rig.create("Counted", "one success");
  REQUIRE(rig.wait_until([&] { return rig.task_status(id) == "completed"; }));
  rig.queue().stop();  // writes the final heartbeat with the totals
  const auto workers = rig.workers();
  REQUIRE(workers.size() == 1);
  CHECK(workers[0].worker_id == rig.worker_id());
  CHECK(workers[0].pid > 0);
  CHECK(workers[0].tasks_processed == 1);
  CHECK(workers[0].tasks_succeeded == 1);
  CHECK(workers[0].tasks_failed == 0);
}
