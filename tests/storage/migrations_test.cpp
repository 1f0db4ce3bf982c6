// Storage conformance: migrations — status, down to nothing and back up, data kept across steps.
#include <catch2/catch.hpp>

#include "storage/backend_fixture.hpp"
#include "storage/storage_test_helpers.hpp"

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
  CHECK(reverted.front().version == static_cast<int>(total));  // newest first
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
