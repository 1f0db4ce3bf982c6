// The background worker end to end: a write leaves a task in its own transaction, the worker embeds
// the article by id, in batches, and records every step in the audit log.
#include <catch2/catch.hpp>

#include <algorithm>
#include <future>
#include <map>
#include <thread>

#include "common/clock.hpp"
#include "fake_ollama.hpp"
#include "queue/queue_rig.hpp"

using vellum::test::FakeOllama;
using namespace std::chrono_literals;
using vellum::test::QueueRig;
namespace sdk = vellum::sdk;

namespace {
const std::string kText = "# Backups\n\nNightly backups copy the database file.\n\n## Restore\n\nCopy it back.\n";
}

TEST_CASE("an article write is embedded in the background and its task completes") {
  QueueRig rig;
  const auto id = rig.create("Backups", kText);
  REQUIRE(rig.wait_until([&] { return rig.task_status(id) == "completed"; }));
  CHECK_FALSE(rig.chunks(id).empty());
  const auto task = *rig.latest_task(id);
  CHECK(task.attempts == 1);
  CHECK(task.completed_at.has_value());
  for (const char* event : {"task_dequeued", "processing_started", "processing_completed", "completed"}) {
    INFO(event);
    CHECK(rig.events(event, task.id).size() == 1);
  }
  CHECK_FALSE(rig.events("started").empty());
  CHECK(rig.queue().status().state == "running");
}

TEST_CASE("a batch of tasks costs one provider call") {
  FakeOllama fake({.dimensions = 16});
  QueueRig rig({.embedding = "ollama",
                .embedding_settings = {{"base_url", fake.base_url()}, {"dimensions", "16"}},
                .queue_settings = {{"workers", "1"}, {"batch_size", "10"}}});
  REQUIRE(rig.queue().pause().ok());
  std::vector<sdk::ArticleId> ids;
  for (int i = 0; i < 6; ++i) ids.push_back(rig.create("Topic " + std::to_string(i), "Words about topic " + std::to_string(i)));
  fake.reset_counters();
  REQUIRE(rig.queue().resume().ok());
  REQUIRE(rig.wait_until([&] {
    for (auto id : ids) if (rig.task_status(id) != "completed") return false;
    return true;
  }));
  CHECK(fake.calls() == 1);
  CHECK(fake.inputs() == 6);
  const auto sizes = rig.metrics("batch_size");
  REQUIRE_FALSE(sizes.empty());
  CHECK(sizes.back().value == 6);
}

TEST_CASE("rapid updates of one article coalesce into one pending task and one embedding") {
  FakeOllama fake({.dimensions = 16});
  QueueRig rig({.embedding = "ollama", .embedding_settings = {{"base_url", fake.base_url()}, {"dimensions", "16"}}});
  REQUIRE(rig.queue().pause().ok());
  const auto id = rig.create("Draft", "first words");
  for (int i = 0; i < 5; ++i) rig.edit(id, "revision " + std::to_string(i) + " of the draft");
  REQUIRE(rig.tasks(id).size() == 1);
  fake.reset_counters();
  REQUIRE(rig.queue().resume().ok());
  REQUIRE(rig.wait_until([&] { return rig.task_status(id) == "completed"; }));
  CHECK(fake.inputs() == 1);
  const auto chunks = rig.chunks(id);
  REQUIRE(chunks.size() == 1);
  CHECK_THAT(chunks[0].text, Catch::Contains("revision 4"));
}

// Under load the scheduler's claim can wait for the write lock while an article write holds it; the
// write coalesces into the article's pending task (which keeps its earlier due time) and the claim
// takes that task as soon as it gets the lock. The worker then embeds the new content, and
// processed_at must say so: it may not be older than the write (ops crash test, "the last embedding
// of each article ran after its last write"). On PostgreSQL the claim does not wait for the writer: it
// does not see the uncommitted task and takes it with a later claim, so the check holds there anyway.
TEST_CASE("a claim that waited for the write lock is stamped after the write it waited for") {
  QueueRig rig;
  const auto id = rig.create("Backups", kText);
  REQUIRE(rig.wait_until([&] { return rig.task_status(id) == "completed"; }));
  const auto first = rig.latest_task(id)->id;

  std::promise<void> holding;
  sdk::Status written;
  std::thread writer([&] {
    written = rig.storage().transact([&](sdk::Repositories& repos) -> sdk::Status {
      holding.set_value();
      std::this_thread::sleep_for(300ms);  // the woken scheduler starts its claim and waits for the lock
      const auto now = vellum::now_ms();
      auto found = repos.articles().find_by_id(id);
      if (!found) return std::move(found).error();
      const sdk::Article& current = *found.value();
      sdk::ArticleDraft edit;
      edit.slug = current.slug;
      edit.title = current.title;
      edit.content = kText + "\nEdited while the claim waited.\n";
      edit.actor = "test";
      edit.now = now;
      if (auto updated = repos.articles().update(id, edit); !updated) return std::move(updated).error();
      // The task queued a second ago, then the write's own enqueue coalescing into it.
      for (auto at : {now - 1s, now}) {
        sdk::TaskDraft task;
        task.article_id = id;
        task.slug = current.slug;
        task.max_attempts = rig.queue().task_max_attempts();
        task.now = at;
        task.scheduled_at = at;
        if (auto enqueued = repos.tasks().enqueue(task); !enqueued) return std::move(enqueued).error();
      }
      return {};
    });
  });
  holding.get_future().wait();
  rig.queue().on_committed({id, sdk::TaskOperation::update, sdk::TaskPriority::normal, "update"});
  writer.join();
  REQUIRE(written.ok());

  // The new task, not by age: it was queued "a second ago", maybe before the first one.
  auto second = [&] {
    for (auto& t : rig.tasks(id))
      if (t.id != first) return std::optional<sdk::Task>(t);
    return std::optional<sdk::Task>();
  };
  REQUIRE(rig.wait_until([&] { return second() && second()->status == sdk::TaskStatus::completed; }));
  const auto task = *second();
  const auto article = rig.article(id);
  REQUIRE(task.processed_at.has_value());
  INFO("processed_at " << task.processed_at->time_since_epoch().count() << ", updated_at "
                       << article.updated_at.time_since_epoch().count());
  CHECK(*task.processed_at >= article.updated_at);
  CHECK_THAT(rig.chunks(id).back().text, Catch::Contains("Edited while the claim waited"));
}

TEST_CASE("priority, then due time, then age decides the order of work") {
  QueueRig rig({.queue_settings = {{"workers", "1"}, {"batch_size", "1"}}});
  REQUIRE(rig.queue().pause().ok());
  const auto low = rig.insert_without_task("low", "low words");
  const auto normal_old = rig.insert_without_task("normal-old", "older normal words");
  const auto normal_new = rig.insert_without_task("normal-new", "newer normal words");
  const auto high = rig.insert_without_task("high", "urgent words");
  // Apart in time, so age and due time decide between equal priorities (timestamps keep milliseconds).
  for (auto [id, priority] : {std::pair{low, sdk::TaskPriority::low}, std::pair{normal_old, sdk::TaskPriority::normal},
                              std::pair{normal_new, sdk::TaskPriority::normal}, std::pair{high, sdk::TaskPriority::high}}) {
    rig.enqueue(id, priority);
    std::this_thread::sleep_for(5ms);
  }
  REQUIRE(rig.queue().resume().ok());
  REQUIRE(rig.wait_until([&] { return rig.task_status(low) == "completed"; }));
  // The order of work is the order of the chunk writes: the change-feed sequence numbers them. (The
  // tasks' processed_at has milliseconds, and two claims can fall in one.)
  std::vector<sdk::ArticleId> order{low, normal_old, normal_new, high};
  auto written_at = [&](sdk::ArticleId id) {
    const auto chunks = rig.chunks(id);
    REQUIRE_FALSE(chunks.empty());
    return chunks.front().seq;
  };
  std::map<sdk::ArticleId, std::int64_t> seq;
  for (auto id : order) seq[id] = written_at(id);
  std::sort(order.begin(), order.end(), [&](sdk::ArticleId x, sdk::ArticleId y) { return seq[x] < seq[y]; });
  CHECK(order == std::vector<sdk::ArticleId>{high, normal_old, normal_new, low});
}

TEST_CASE("no_rag is checked when the task runs: the vectors go and nothing is embedded") {
  QueueRig rig;
  const auto id = rig.create("Secret", kText);
  REQUIRE(rig.wait_until([&] { return rig.task_status(id) == "completed"; }));
  REQUIRE_FALSE(rig.chunks(id).empty());

  // An ordinary update is queued; then no_rag is set behind the service's back (an operator's SQL),
  // so only the worker's own check at processing time can notice.
  REQUIRE(rig.queue().pause().ok());
  rig.edit(id, kText + "\nMore.");
  REQUIRE(rig.latest_task(id)->operation == sdk::TaskOperation::update);
  rig.database().exec("UPDATE articles SET no_rag = " + rig.database().boolean(true) +
                      " WHERE id = " + std::to_string(id));
  REQUIRE(rig.queue().resume().ok());
  REQUIRE(rig.wait_until([&] { return rig.task_status(id) == "completed"; }));
  CHECK(rig.chunks(id).empty());
  const auto completed = rig.events("completed", rig.latest_task(id)->id);
  REQUIRE(completed.size() == 1);
  CHECK_THAT(completed[0].metadata_json, Catch::Contains("\"skipped\":true"));
}

TEST_CASE("a slug renamed while its task is pending is still embedded: work goes by article id") {
  QueueRig rig;
  REQUIRE(rig.queue().pause().ok());
  const auto id = rig.create("Old Name", kText);
  rig.rename(id, "new-name");
  REQUIRE(rig.queue().resume().ok());
  REQUIRE(rig.wait_until([&] { return rig.task_status(id) == "completed"; }));
  const auto chunks = rig.chunks(id);
  REQUIRE_FALSE(chunks.empty());
  CHECK_THAT(chunks[0].chunk_id, Catch::StartsWith("new-name.md#"));
}
