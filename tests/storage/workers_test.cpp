// Storage conformance: worker control (the operators' desired state) and per-worker heartbeats.
#include <catch2/catch.hpp>

#include "storage/backend_fixture.hpp"
#include "storage/storage_test_helpers.hpp"

using namespace vellum;
using namespace vellum::test;

TEST_CASE("workers: a fresh database says running, not draining, no emergency", "[storage][workers]") {
  StorageFixture fx;
  auto control = ok(read(fx.backend(), [](sdk::Repositories& r) { return r.workers().control(); }));
  CHECK(control.is_running);
  CHECK_FALSE(control.draining);
  CHECK_FALSE(control.emergency_reason);
}

TEST_CASE("workers: set_control stores the desired state", "[storage][workers]") {
  StorageFixture fx;
  sdk::WorkerControl paused;
  paused.is_running = false;
  paused.draining = true;
  paused.emergency_reason = "provider outage";
  ok(write(fx.backend(), [&](sdk::Repositories& r) { return r.workers().set_control(paused, at(5)); }));
  auto control = ok(read(fx.backend(), [](sdk::Repositories& r) { return r.workers().control(); }));
  CHECK_FALSE(control.is_running);
  CHECK(control.draining);
  CHECK(control.emergency_reason == std::optional<std::string>("provider outage"));
  CHECK(control.updated_at == std::optional<sdk::Timestamp>(at(5)));

  ok(write(fx.backend(), [&](sdk::Repositories& r) { return r.workers().set_control(sdk::WorkerControl{}, at(6)); }));
  control = ok(read(fx.backend(), [](sdk::Repositories& r) { return r.workers().control(); }));
  CHECK(control.is_running);
  CHECK_FALSE(control.emergency_reason);
}

TEST_CASE("workers: heartbeats upsert one row per worker, control is unaffected", "[storage][workers]") {
  StorageFixture fx;
  sdk::WorkerHeartbeat beat;
  beat.worker_id = "host-a:123";
  beat.hostname = "host-a";
  beat.pid = 123;
  beat.version = "0.1.0";
  beat.is_running = true;
  beat.started_at = at(1);
  beat.last_heartbeat = at(2);
  beat.tasks_processed = 3;
  beat.tasks_succeeded = 2;
  beat.tasks_failed = 1;
  ok(write(fx.backend(), [&](sdk::Repositories& r) { return r.workers().heartbeat(beat); }));
  beat.last_heartbeat = at(32);
  beat.tasks_processed = 4;
  ok(write(fx.backend(), [&](sdk::Repositories& r) { return r.workers().heartbeat(beat); }));
  sdk::WorkerHeartbeat other = beat;
  other.worker_id = "host-b:9";
  other.hostname = "host-b";
  other.is_running = false;
  ok(write(fx.backend(), [&](sdk::Repositories& r) { return r.workers().heartbeat(other); }));

  auto workers = ok(read(fx.backend(), [](sdk::Repositories& r) { return r.workers().workers(); }));
  REQUIRE(workers.size() == 2);
  CHECK(workers[0].worker_id == "host-a:123");
  CHECK(workers[0].hostname == "host-a");
  CHECK(workers[0].pid == 123);
  CHECK(workers[0].version == "0.1.0");
  CHECK(workers[0].is_running);
  CHECK(workers[0].started_at == at(1));
  CHECK(workers[0].last_heartbeat == at(32));
  CHECK(workers[0].tasks_processed == 4);
  CHECK(workers[0].tasks_succeeded == 2);
  CHECK(workers[0].tasks_failed == 1);
  CHECK_FALSE(workers[1].is_running);

  CHECK(ok(read(fx.backend(), [](sdk::Repositories& r) { return r.workers().control(); })).is_running);

  ok(write(fx.backend(), [](sdk::Repositories& r) { return r.workers().remove_worker("host-a:123"); }));
  workers = ok(read(fx.backend(), [](sdk::Repositories& r) { return r.workers().workers(); }));
  REQUIRE(workers.size() == 1);
  CHECK(workers[0].worker_id == "host-b:9");

  auto empty = write(fx.backend(), [](sdk::Repositories& r) { return r.workers().heartbeat(sdk::WorkerHeartbeat{}); });
  CHECK(error_kind(empty) == sdk::ErrorKind::invalid_argument);
}
