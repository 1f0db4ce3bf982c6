// Storage conformance: migrations — status, down to nothing and back up, data kept across steps, and
// what a step does to the rows it finds.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <map>

#include "storage/backend_fixture.hpp"
#include "storage/storage_test_helpers.hpp"
#include "storage/task_test_helpers.hpp"

using namespace vellum;
using namespace vellum::test;

TEST_CASE("migrations: a fresh backend has every step applied", "[storage][migrations]") {
  StorageFixture fx;
  auto steps = ok(fx.backend().migrations().status());
  REQUIRE_FALSE(steps.empty());
  CHECK(steps.front().version == 1);
  for (const auto& step : steps) {
    INFO("step " << step.version << " " << step.name);
    CHECK(step.applied);
    CHECK(step.applied_at);
    CHECK_FALSE(step.name.empty());
  }
  CHECK(ok(fx.backend().migrations().up(std::nullopt)).empty());  // nothing pending
}

TEST_CASE("migrations: down to 0 removes everything, up again gives a working empty store",
          "[storage][migrations]") {
  StorageFixture fx;
  add_article(fx.backend(), draft("before"));
  const auto total = ok(fx.backend().migrations().status()).size();

  auto reverted = ok(fx.backend().migrations().down(0));
  CHECK(reverted.size() == total);
  CHECK(reverted.front().version == ok(fx.backend().migrations().status()).back().version);  // newest first
  for (const auto& step : ok(fx.backend().migrations().status())) CHECK_FALSE(step.applied);
  // Without the schema, repositories fail with an error instead of throwing.
  auto gone = read(fx.backend(), [](sdk::Repositories& r) { return r.articles().count({}); });
  CHECK_FALSE(gone.ok());

  auto applied = ok(fx.backend().migrations().up(std::nullopt));
  CHECK(applied.size() == total);
  CHECK(ok(read(fx.backend(), [](sdk::Repositories& r) { return r.articles().count({}); })) == 0);
  add_article(fx.backend(), draft("after"));
  CHECK(ok(read(fx.backend(), [](sdk::Repositories& r) { return r.workers().control(); })).is_running);
}

TEST_CASE("migrations: down without a target reverts only the newest step", "[storage][migrations]") {
  StorageFixture fx;
  const auto steps = ok(fx.backend().migrations().status());
  auto reverted = ok(fx.backend().migrations().down(std::nullopt));
  REQUIRE(reverted.size() == 1);
  CHECK(reverted[0].version == steps.back().version);
  auto after = ok(fx.backend().migrations().status());
  CHECK_FALSE(after.back().applied);
  if (after.size() > 1) CHECK(after[after.size() - 2].applied);
  CHECK(ok(fx.backend().migrations().up(std::nullopt)).size() == 1);
}

TEST_CASE("migrations: a reopened backend finds its schema and data and applies nothing", "[storage][migrations]") {
  StorageFixture fx;
  add_article(fx.backend(), draft("kept"));
  fx.reopen();
  CHECK(ok(fx.backend().migrations().up(std::nullopt)).empty());
  CHECK(ok(read(fx.backend(), [](sdk::Repositories& r) { return r.articles().find_by_slug("kept"); })));
}

TEST_CASE("dataset identity: a migrated database has an id of its own that a reopen keeps", "[storage][migrations]") {
  StorageFixture fx;
  const auto identity = ok(fx.backend().identify());
  CHECK(identity.has_schema);
  CHECK(identity.pending_migrations == 0);
  REQUIRE(identity.id.size() == 32);
  CHECK(std::all_of(identity.id.begin(), identity.id.end(), [](char c) { return std::isxdigit(c) != 0; }));
  fx.reopen();
  CHECK(ok(fx.backend().identify()).id == identity.id);
  CHECK(ok(StorageFixture().backend().identify()).id != identity.id);  // another database, another dataset

  // Down to nothing and up again is a new, empty dataset.
  ok(fx.backend().migrations().down(0));
  CHECK(ok(fx.backend().identify()).id.empty());
  ok(fx.backend().migrations().up(std::nullopt));
  const auto again = ok(fx.backend().identify());
  CHECK(again.id.size() == 32);
  CHECK(again.id != identity.id);
}

TEST_CASE("dataset identity: reading it creates nothing in a database without the schema", "[storage][migrations]") {
  StorageFixture fx({{"auto_migrate", {"false", "test"}}});
  for (int i = 0; i < 2; ++i) {  // the first read must not have created what the second would see
    const auto identity = ok(fx.backend().identify());
    CHECK_FALSE(identity.has_schema);
    CHECK(identity.id.empty());
  }
  // Behind by every step once the migrations table exists (as `vellum migrate status` makes it).
  const auto steps = ok(fx.backend().migrations().status()).size();
  const auto behind = ok(fx.backend().identify());
  CHECK(behind.has_schema);
  CHECK(behind.pending_migrations == static_cast<int>(steps));
  CHECK(behind.id.empty());
}

TEST_CASE("migrations: tasks cancelled before the cancelled status existed are recognised by their exact message",
          "[storage][migrations][cancel]") {
  const std::map<std::string, sdk::TaskStatus> expected = {
      {"Cancelled by administrator", sdk::TaskStatus::cancelled},           // vellum queue clear
      {"Emergency stop initiated: disk full", sdk::TaskStatus::cancelled},  // vellum queue emergency-stop
      {"Emergency stop initiated", sdk::TaskStatus::cancelled},             // the guide's SQL from here on
      {"Provider rollback - task cancelled", sdk::TaskStatus::cancelled},
      {"Resource conservation - low priority task cancelled", sdk::TaskStatus::cancelled},
      {"Emergency rollback - task cancelled", sdk::TaskStatus::cancelled},
      {"Cancelled due to rollback to synchronous mode", sdk::TaskStatus::cancelled},
      {"provider timed out", sdk::TaskStatus::failed},  // real failures stay
      {"Cancelled by the provider: quota", sdk::TaskStatus::failed},
      {"disk full", sdk::TaskStatus::failed},  // a worker's emergency failure: free text, not recognisable
  };
  QueueFixture q(static_cast<int>(expected.size()));
  auto& b = q.backend();
  const auto steps = ok(b.migrations().status());
  const auto step = std::find_if(steps.begin(), steps.end(), [](const auto& s) { return s.name == "cancelled_status"; });
  REQUIRE(step != steps.end());
  const int before = step->version - 1;
  ok(b.migrations().down(before));

  std::map<std::string, std::string> task_of;  // message → task id
  std::size_t i = 0;
  for (const auto& [message, status] : expected) {
    const auto id = enqueue(b, task_for(q.articles[i++], at(1))).task.id;
    REQUIRE(claim(b, "w1", 1, at(2)).size() == 1);
    REQUIRE(ok(write(b, [&](sdk::Repositories& r) { return r.tasks().fail(id, "w1", message, at(3)); })));
    task_of[message] = id;
  }
  ok(b.migrations().up(std::nullopt));
  for (const auto& [message, status] : expected) {
    INFO(message);
    const auto task = get(b, task_of[message]);
    CHECK(task.status == status);
    CHECK(task.error_message == std::optional<std::string>(message));
  }

  // Down again: every cancellation is a failure with its message, as before the step.
  ok(b.migrations().down(before));
  for (const auto& [message, status] : expected) CHECK(get(b, task_of[message]).status == sdk::TaskStatus::failed);
  ok(b.migrations().up(std::nullopt));
}
