// Many claimers, one database: concurrent claimers (threads) and two worker processes never hold the
// same task, and every task is embedded exactly once.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "common/clock.hpp"
#include "queue/queue_rig.hpp"

using namespace std::chrono_literals;
using vellum::test::QueueRig;
namespace sdk = vellum::sdk;

TEST_CASE("concurrent claimers on threads never get the same task") {
  QueueRig rig({.queue = ""});
  std::vector<std::string> expected;
  for (int i = 0; i < 40; ++i) {
    const auto id = rig.insert_without_task("t" + std::to_string(i), "text " + std::to_string(i));
    sdk::TaskDraft draft;
    draft.article_id = id;
    draft.slug = "t" + std::to_string(i);
    draft.now = vellum::now_ms();
    auto written = rig.storage().transact([&](sdk::Repositories& repos) -> sdk::Status {
      auto e = repos.tasks().enqueue(draft);
      if (!e) return std::move(e).error();
      expected.push_back(e.value().task.id);
      return {};
    });
    REQUIRE(written.ok());
  }
  std::mutex mutex;
  std::vector<std::string> claimed;
  std::vector<std::string> errors;
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (;;) {
        std::vector<sdk::Task> got;
        auto status = rig.storage().transact([&](sdk::Repositories& repos) -> sdk::Status {
          auto batch = repos.tasks().claim_batch("claimer-" + std::to_string(t), 3, vellum::now_ms(), 60s);
          if (!batch) return std::move(batch).error();
          got = std::move(batch).value();
          return {};
        });
        std::lock_guard lock(mutex);
        if (!status) {
          errors.push_back(status.error().message);
          return;
        }
        if (got.empty()) return;
        for (const auto& task : got) claimed.push_back(task.id);
      }
    });
  }
  for (auto& t : threads) t.join();
  INFO((errors.empty() ? "" : errors.front()));
  CHECK(errors.empty());
  std::sort(claimed.begin(), claimed.end());
  std::sort(expected.begin(), expected.end());
  CHECK(std::adjacent_find(claimed.begin(), claimed.end()) == claimed.end());
  CHECK(claimed == expected);
}

TEST_CASE("two worker processes on one database embed every task exactly once") {
  QueueRig a({.identity = "worker-a"});
  QueueRig b({.identity = "worker-b", .database = a.shared_database()});
  std::vector<sdk::ArticleId> ids;
  for (int i = 0; i < 30; ++i) ids.push_back(a.create("Shared " + std::to_string(i), "words " + std::to_string(i)));
  REQUIRE(a.wait_until([&] {
    for (auto id : ids) if (a.task_status(id) != "completed") return false;
    return true;
  }, 20s));
  std::map<std::string, int> dequeued;
  std::set<std::string> workers;
  for (const auto& e : a.events("task_dequeued")) ++dequeued[*e.task_id];
  for (auto id : ids) {
    const auto task = *a.latest_task(id);
    CHECK(task.attempts == 1);
    CHECK(dequeued[task.id] == 1);
    REQUIRE(task.claimed_by);
    workers.insert(task.claimed_by->substr(0, task.claimed_by->find('/')));  // "<worker id>/<claim number>"
  }
  // Every claim was one of the two processes'. (Which ones took work is timing; both may not have.)
  const std::set<std::string> processes{"worker-a", "worker-b"};
  CHECK_FALSE(workers.empty());
  CHECK(std::includes(processes.begin(), processes.end(), workers.begin(), workers.end()));
  // One heartbeat row per worker process.
  CHECK(a.wait_until([&] { return a.workers().size() == 2; }, 8s));
}
