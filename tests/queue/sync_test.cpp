// queue-sync, the rollback target: the article is embedded inline after its write commits, no task
// per write; a provider failure never fails the write, leaves the article visibly unindexed and
// queues it as a task. Tasks in the table (queued by reindex, left by a background queue, parked
// here) are worked off by the strategy's backlog.
#include <catch2/catch.hpp>

#include <thread>

#include <nlohmann/json.hpp>

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
QueueRigOptions sync_on(const FakeOllama& fake, std::map<std::string, std::string> queue = {}) {
  return {.embedding = "ollama",
          .embedding_settings = {{"base_url", fake.base_url()}, {"dimensions", "16"}},
          .queue = "sync",
          .queue_settings = std::move(queue)};
}

// The backlog looks at the table often enough for a test to wait for it.
const std::map<std::string, std::string> kQuickBacklog = {{"poll_interval_ms", "50"}, {"retry_delay_ms", "300"}};

// A task as `vellum reindex` writes it: straight into the table, nobody told.
sdk::Task queue_directly(QueueRig& rig, sdk::ArticleId id) {
  sdk::TaskDraft draft;
  draft.article_id = id;
  draft.slug = rig.article(id).slug;
  draft.now = vellum::now_ms();
  draft.scheduled_at = draft.now;
  draft.metadata_json = R"({"reason":"full_reindex"})";
  std::optional<sdk::Task> task;
  auto written = rig.storage().transact([&](sdk::Repositories& repos) -> sdk::Status {
    auto enqueued = repos.tasks().enqueue(draft);
    if (!enqueued) return std::move(enqueued).error();
    task = enqueued.value().task;
    return {};
  });
  REQUIRE(written.ok());
  return *task;
}
}  // namespace

TEST_CASE("the sync strategy embeds inline: chunks exist when the write returns, and no task is written") {
  QueueRig rig({.queue = "sync"});
  CHECK_FALSE(rig.queue().uses_task_table());
  const auto id = rig.create("Inline", "# Inline\n\nEmbedded before the write returns.");
  CHECK_FALSE(rig.chunks(id).empty());
  CHECK(rig.all_tasks().empty());
  CHECK(rig.queue().status().state == "running");
}

TEST_CASE("with the provider down the sync write still succeeds and the article stays visibly unindexed") {
  FakeOllama fake({.dimensions = 16});
  QueueRig rig(sync_on(fake));
  fake.fail_always(Fault::server_error());
  const auto id = rig.create("Unlucky", "the provider is down");
  CHECK(rig.article(id).title == "Unlucky");
  CHECK(rig.chunks(id).empty());
  const auto failures = rig.events("sync_index_failed");
  REQUIRE(failures.size() == 1);
  CHECK(failures[0].article_id == id);
  CHECK_THAT(rig.queue().status().detail, Catch::Contains("left unindexed"));
  // Queued for a retry after retry_delay_ms (30 s by default): not lost, not hammering the provider.
  const auto parked = rig.latest_task(id);
  REQUIRE(parked);
  CHECK(parked->status == sdk::TaskStatus::pending);
  CHECK(parked->scheduled_at > vellum::now_ms() + 20s);

  fake.clear_faults();
  rig.edit(id, "the provider is back");
  CHECK_FALSE(rig.chunks(id).empty());
}

TEST_CASE("a sync indexing that hangs is cancelled after timeout_ms and the write returns") {
  FakeOllama fake({.dimensions = 16});
  QueueRig rig(sync_on(fake, {{"timeout_ms", "300"}}));
  fake.fail_next(Fault::hang());
  const auto started = std::chrono::steady_clock::now();
  const auto id = rig.create("Hung", "never answered");
  CHECK(std::chrono::steady_clock::now() - started < 5s);
  CHECK(rig.chunks(id).empty());
  const auto failures = rig.events("sync_index_failed");
  REQUIRE(failures.size() == 1);
  CHECK_THAT(*failures[0].error, Catch::Contains("timed out after 300 ms"));
}

TEST_CASE("an article that failed inline is queued and indexed by the backlog once the provider is back") {
  FakeOllama fake({.dimensions = 16});
  QueueRig rig(sync_on(fake, kQuickBacklog));
  fake.fail_always(Fault::server_error());
  const auto id = rig.create("Retried", "the provider is down for a moment");
  CHECK(rig.chunks(id).empty());
  const auto parked = rig.latest_task(id);
  REQUIRE(parked);
  const auto metadata = nlohmann::json::parse(parked->metadata_json);
  CHECK(metadata["reason"] == "create");  // the write's own reason: `queue clear --reason` still finds it
  CHECK(metadata["queuedBy"] == "sync");
  CHECK(metadata["syncShortfall"] == "failed");
  CHECK_THAT(metadata["syncError"].get<std::string>(), Catch::Contains("transient"));

  fake.clear_faults();
  REQUIRE(rig.wait_until([&] { return rig.task_status(id) == "completed"; }));
  CHECK_FALSE(rig.chunks(id).empty());
  const auto done = *rig.latest_task(id);
  CHECK(done.id == parked->id);
  REQUIRE(done.claimed_by);
  CHECK_THAT(*done.claimed_by, Catch::Contains("/sync-"));
  CHECK(rig.events("completed", done.id).size() == 1);
}

TEST_CASE("tasks queued in the table by reindex are worked off by the sync strategy") {
  QueueRig rig({.queue = "sync", .queue_settings = kQuickBacklog});
  std::vector<sdk::ArticleId> ids;
  for (int i = 0; i < 12; ++i) {  // more than one batch
    ids.push_back(rig.insert_without_task("queued-" + std::to_string(i), "written while no strategy ran " +
                                                                           std::to_string(i)));
    queue_directly(rig, ids.back());
  }
  for (auto id : ids) {
    INFO(id);
    REQUIRE(rig.wait_until([&] { return rig.task_status(id) == "completed"; }));
    CHECK_FALSE(rig.chunks(id).empty());
    CHECK(rig.latest_task(id)->attempts == 1);
  }
}

TEST_CASE("writes while the sync strategy is paused or stopped are queued, and worked off once it runs") {
  QueueRig rig({.queue = "sync", .queue_settings = kQuickBacklog});
  REQUIRE(rig.queue().pause().ok());
  const auto paused = rig.create("Paused", "written while paused");
  CHECK(rig.chunks(paused).empty());
  std::this_thread::sleep_for(300ms);  // several poll intervals: nothing is claimed while paused
  CHECK(rig.task_status(paused) == "pending");
  CHECK(rig.queue().status().state == "paused");
  REQUIRE(rig.queue().resume().ok());
  REQUIRE(rig.wait_until([&] { return rig.task_status(paused) == "completed"; }));
  CHECK_FALSE(rig.chunks(paused).empty());

  // A write that commits once the strategy has stopped (a swap or a shutdown just happened).
  rig.queue().stop();
  const auto stopped = rig.create("Stopped", "written after the stop");
  CHECK(rig.task_status(stopped) == "pending");
  const auto deferred = rig.events("sync_index_deferred");
  REQUIRE(deferred.size() == 2);
  CHECK(nlohmann::json::parse(deferred[0].metadata_json)["shortfall"] == "not_running");
  REQUIRE(rig.queue().start().ok());
  REQUIRE(rig.wait_until([&] { return rig.task_status(stopped) == "completed"; }));
  CHECK_FALSE(rig.chunks(stopped).empty());
}

TEST_CASE("the sync strategy honours the operators' pause in the control row and rescues expired leases") {
  QueueRig rig({.queue = "sync", .queue_settings = kQuickBacklog});
  rig.database().exec("UPDATE embedding_worker_status SET is_running = " + rig.database().boolean(false) +
                      " WHERE id = 1");
  const auto waiting = rig.insert_without_task("waiting", "queued while operators paused the workers");
  queue_directly(rig, waiting);
  std::this_thread::sleep_for(300ms);
  CHECK(rig.task_status(waiting) == "pending");

  // Another process claimed this one and died.
  const auto orphan = rig.insert_without_task("orphan", "claimed by a process that then died");
  queue_directly(rig, orphan);
  auto claimed = rig.storage().transact([&](sdk::Repositories& repos) -> sdk::Status {
    auto got = repos.tasks().claim_batch("dead-worker", 10, vellum::now_ms(), 200ms);
    if (!got) return std::move(got).error();
    return got.value().size() == 2 ? sdk::Status{} : sdk::Error(sdk::ErrorKind::internal, "expected two tasks");
  });
  REQUIRE(claimed.ok());
  rig.database().exec("UPDATE embedding_worker_status SET is_running = " + rig.database().boolean(true) +
                      " WHERE id = 1");
  for (auto id : {waiting, orphan}) {
    INFO(id);
    REQUIRE(rig.wait_until([&] { return rig.task_status(id) == "completed"; }));
    CHECK(rig.latest_task(id)->attempts == 2);  // the dead worker's attempt counts
    CHECK_FALSE(rig.chunks(id).empty());
  }
}
