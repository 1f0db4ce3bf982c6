// Queue strategy swaps lose nothing (issue 12, item 8). A swap goes through RuntimeManager::apply, the
// path every reload takes, with the real plugin .so files: the old strategy is stopped, the new one
// started. background → sync: the tasks the background queue had pending or in flight are worked off
// by the sync strategy's backlog. sync → background: an inline indexing the stop cut short becomes a
// task the background queue finishes.
#include <catch2/catch.hpp>

#include <atomic>
#include <map>
#include <random>
#include <thread>

#include <nlohmann/json.hpp>

#include "fake_ollama.hpp"
#include "queue/queue_rig.hpp"

using namespace std::chrono_literals;
using vellum::test::FakeOllama;
using vellum::test::Fault;
using vellum::test::QueueRig;
using vellum::test::QueueRigOptions;
namespace sdk = vellum::sdk;

namespace {

const std::map<std::string, std::string> kSync = {{"poll_interval_ms", "50"}, {"retry_delay_ms", "300"}};

QueueRigOptions on(const FakeOllama& fake, const std::string& queue) {
  return {.embedding = "ollama",
          .embedding_settings = {{"base_url", fake.base_url()}, {"dimensions", "16"}},
          .queue = queue,
          .queue_settings = queue == "sync" ? kSync : std::map<std::string, std::string>{}};
}

void use(QueueRig& rig, const std::string& queue) { rig.use_queue(queue, queue == "sync" ? kSync : decltype(kSync){}); }

// Tasks not yet finished one way or the other.
std::size_t open_tasks(QueueRig& rig) {
  std::size_t n = 0;
  for (const auto& t : rig.all_tasks()) {
    n += t.status == sdk::TaskStatus::pending || t.status == sdk::TaskStatus::processing ? 1 : 0;
  }
  return n;
}

bool chunks_hold(QueueRig& rig, sdk::ArticleId id, const std::string& text) {
  for (const auto& chunk : rig.chunks(id)) {
    if (chunk.text.find(text) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("background to sync: pending tasks and the batch in flight are worked off by the sync strategy") {
  FakeOllama fake({.dimensions = 16});
  QueueRig rig(on(fake, "background"));
  fake.reset_counters();
  fake.fail_next(Fault::hang());
  const auto in_flight = rig.create("In flight", "in the provider's hands at the swap");
  REQUIRE(rig.wait_until([&] { return fake.calls() == 1; }));
  REQUIRE(rig.queue().pause().ok());  // the next writes stay pending
  const auto pending_a = rig.create("Pending A", "queued, not claimed");
  const auto pending_b = rig.create("Pending B", "queued, not claimed either");
  CHECK(rig.task_status(pending_a) == "pending");

  use(rig, "sync");
  CHECK(rig.queue().status().strategy == "sync");
  for (auto id : {in_flight, pending_a, pending_b}) {
    INFO(id << "\n" << rig.audit_trail());
    REQUIRE(rig.wait_until([&] { return rig.task_status(id) == "completed"; }));
    CHECK_FALSE(rig.chunks(id).empty());
    const auto task = *rig.latest_task(id);
    REQUIRE(task.claimed_by);
    CHECK_THAT(*task.claimed_by, Catch::Contains("/sync-"));
  }
  // The background queue handed its batch back without spending the attempt.
  const auto handed_back = *rig.latest_task(in_flight);
  CHECK(handed_back.attempts == 1);
  CHECK(rig.events("released", handed_back.id).size() == 1);
  CHECK(open_tasks(rig) == 0);
}

TEST_CASE("sync to background: an inline indexing cut short by the swap becomes a task the background queue finishes") {
  FakeOllama fake({.dimensions = 16});
  QueueRig rig(on(fake, "sync"));
  fake.reset_counters();
  fake.fail_next(Fault::hang());
  // The writer's thread indexes inline and hangs in the provider until the swap stops the strategy.
  std::optional<sdk::Result<sdk::Article>> written;
  std::thread writer([&] {
    vellum::articles::NewArticle draft;
    draft.title = "Hung";
    draft.content = "inline when the strategy was swapped";
    written = rig.articles.create(draft, std::string("test"));
  });
  REQUIRE(rig.wait_until([&] { return fake.calls() == 1; }));

  const auto started = std::chrono::steady_clock::now();
  use(rig, "background");
  writer.join();
  CHECK(std::chrono::steady_clock::now() - started < 5s);  // the swap cancelled the call, it did not wait it out
  REQUIRE(written);
  REQUIRE(written->ok());
  const auto id = written->value().id;

  const auto deferred = rig.events("sync_index_deferred");
  REQUIRE(deferred.size() == 1);
  CHECK(deferred[0].article_id == id);
  CHECK(nlohmann::json::parse(deferred[0].metadata_json)["shortfall"] == "stopped");
  INFO(rig.audit_trail());
  REQUIRE(rig.wait_until([&] { return rig.task_status(id) == "completed"; }));
  CHECK_FALSE(rig.chunks(id).empty());
  const auto task = *rig.latest_task(id);
  CHECK(nlohmann::json::parse(task.metadata_json)["reason"] == "create");
  CHECK(rig.events("sync_index_failed").empty());  // a stop is no failure
}

TEST_CASE("five alternating strategy swaps under a steady write load: every article indexed with its newest text") {
  FakeOllama fake({.dimensions = 16});
  // Every provider call takes 40 ms and the background queue embeds at most 2 articles per call, on
  // one worker: it falls behind the writer, so each swap to sync finds tasks pending and in flight.
  fake.fail_always(Fault::latency(40ms));
  const std::map<std::string, std::string> lagging = {{"workers", "1"}, {"batch_size", "2"}};
  auto options = on(fake, "background");
  options.queue_settings = lagging;
  QueueRig rig(options);

  // The writer creates an article or edits one every 10 ms; each text carries a marker naming its version.
  std::atomic<bool> writing{true};
  std::map<sdk::ArticleId, std::string> newest;  // the writer's until it is joined
  std::vector<std::string> errors;
  std::thread writer([&] {
    std::mt19937 random(12);
    std::vector<std::pair<sdk::ArticleId, std::string>> slugs;
    for (int n = 0; writing; ++n) {
      const std::string marker = "marker" + std::to_string(n) + "x";  // "marker1x" is no part of "marker12x"
      if (slugs.size() < 5 || random() % 2 == 0) {
        vellum::articles::NewArticle draft;
        draft.title = "Load " + std::to_string(n);
        draft.content = "written as " + marker;
        auto created = rig.articles.create(draft, std::string("test"));
        if (!created) {
          errors.push_back(created.error().message);
        } else {
          slugs.emplace_back(created.value().id, created.value().slug);
          newest[created.value().id] = marker;
        }
      } else {
        const auto& [id, slug] = slugs[random() % slugs.size()];
        vellum::articles::ArticleEdit edit;
        edit.title = "Load edited " + std::to_string(id);
        edit.content = "edited as " + marker;
        edit.keep_slug = true;
        auto updated = rig.articles.update(slug, edit, std::string("test"));
        if (!updated) {
          errors.push_back(updated.error().message);
        } else {
          newest[id] = marker;
        }
      }
      std::this_thread::sleep_for(5ms);
    }
  });

  for (int swap = 1; swap <= 5; ++swap) {
    std::this_thread::sleep_for(400ms);
    if (swap % 2 == 1) {
      rig.use_queue("sync", kSync);
    } else {
      rig.use_queue("background", lagging);
    }
  }
  std::this_thread::sleep_for(400ms);
  writing = false;
  writer.join();
  for (const auto& e : errors) UNSCOPED_INFO(e);
  REQUIRE(errors.empty());
  CHECK(rig.queue().status().strategy == "sync");
  REQUIRE(newest.size() > 20);

  const bool settled = rig.wait_until(
      [&] {
        if (open_tasks(rig) != 0) return false;
        for (const auto& [id, marker] : newest) {
          if (!chunks_hold(rig, id, marker)) return false;
        }
        return true;
      },
      30s);
  if (!settled) {
    for (const auto& [id, marker] : newest) {
      if (!chunks_hold(rig, id, marker)) UNSCOPED_INFO("article " << id << " lacks " << marker);
    }
    UNSCOPED_INFO(open_tasks(rig) << " tasks open\n" << rig.audit_trail());
  }
  REQUIRE(settled);
  std::size_t by_sync = 0;
  for (const auto& t : rig.all_tasks()) {
    CHECK(t.status == sdk::TaskStatus::completed);
    by_sync += t.claimed_by && t.claimed_by->find("/sync-") != std::string::npos ? 1 : 0;
  }
  // The swaps had work to hand over: background batches released, their tasks finished by sync.
  CHECK(by_sync > 0);
  CHECK_FALSE(rig.events("released").empty());
}
