// queue-sync, the rollback target: the article is embedded inline after its write commits, no task
// table; a provider failure never fails the write and leaves the article visibly unindexed.
#include <catch2/catch.hpp>

#include "fake_ollama.hpp"
#include "queue/queue_rig.hpp"

using namespace std::chrono_literals;
using vellum::test::FakeOllama;
using vellum::test::Fault;
using vellum::test::QueueRig;
using vellum::test::QueueRigOptions;

namespace {
QueueRigOptions sync_on(const FakeOllama& fake, std::map<std::string, std::string> queue = {}) {
  return {.embedding = "ollama",
          .embedding_settings = {{"base_url", fake.base_url()}, {"dimensions", "16"}},
          .queue = "sync",
          .queue_settings = std::move(queue)};
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
