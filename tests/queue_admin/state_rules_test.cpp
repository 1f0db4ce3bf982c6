// Worker Status rules and health issues, without a database: what `vellum queue status` prints.
#include <catch2/catch.hpp>

#include "queue_admin/queue_snapshot.hpp"

using namespace vellum;
using namespace vellum::queue_admin;
using std::chrono::seconds;

namespace {

sdk::Timestamp t0() { return sdk::Timestamp{} + std::chrono::hours(24 * 365 * 50); }

sdk::WorkerHeartbeat beat(const std::string& id, bool running, sdk::Timestamp last) {
  sdk::WorkerHeartbeat b;
  b.worker_id = id;
  b.is_running = running;
  b.last_heartbeat = last;
  return b;
}

QueueSettingsView background() {
  QueueSettingsView s;
  s.strategy = "background";
  s.heartbeat_interval = seconds(10);
  return s;
}

}  // namespace

TEST_CASE("a worker is live within 2x the heartbeat interval and stale after") {
  const auto s = background();
  auto w = liveness({beat("a", true, t0() - seconds(19)), beat("b", true, t0() - seconds(21)),
                     beat("c", false, t0() - seconds(100))},
                    s, t0());
  REQUIRE(w.size() == 3);
  CHECK(w[0].live);
  CHECK_FALSE(w[0].stale);
  CHECK(w[1].stale);
  CHECK_FALSE(w[2].live);
  CHECK_FALSE(w[2].stale);  // stopped cleanly: not stale
}

TEST_CASE("worker state: disabled beats everything, then emergency, paused, draining, live, stale") {
  auto s = background();
  sdk::WorkerControl running;
  const auto live = liveness({beat("a", true, t0())}, s, t0());
  const auto stale = liveness({beat("a", true, t0() - seconds(60))}, s, t0());
  CHECK(worker_state(s, running, live) == WorkerState::running);
  CHECK(worker_state(s, running, stale) == WorkerState::stale);
  CHECK(worker_state(s, running, {}) == WorkerState::not_running);
  sdk::WorkerControl paused;
  paused.is_running = false;
  CHECK(worker_state(s, paused, live) == WorkerState::paused);
  sdk::WorkerControl emergency = paused;
  emergency.emergency_reason = "provider outage";
  CHECK(worker_state(s, emergency, live) == WorkerState::emergency_stopped);
  sdk::WorkerControl draining;
  draining.draining = true;
  CHECK(worker_state(s, draining, live) == WorkerState::draining);
  auto off = s;
  off.semantic_search_enabled = false;
  CHECK(worker_state(off, running, live) == WorkerState::disabled);
  CHECK(label(WorkerState::disabled) == "System disabled");
  auto sync = s;
  sync.strategy = "sync";
  CHECK(worker_state(sync, running, live) == WorkerState::disabled);
}

TEST_CASE("health issues follow the reference thresholds and add stale workers") {
  QueueSnapshot snap;
  snap.counts.by_status = {{"pending", 101}, {"processing", 11}, {"completed", 0}, {"failed", 0}};
  snap.activity.failed = 11;
  sdk::Task old;
  old.created_at = t0() - std::chrono::hours(30);
  snap.oldest_pending = old;
  snap.workers = liveness({beat("w1", true, t0() - seconds(120))}, background(), t0());
  const auto h = health_of(snap, t0());
  CHECK_FALSE(h.healthy);
  REQUIRE(h.issues.size() == 5);
  CHECK(h.issues[0] == "High number of pending tasks: 101");
  CHECK(h.issues[1] == "High number of processing tasks: 11 (possible stuck tasks)");
  CHECK(h.issues[2] == "High failure rate: 11 failed tasks in last 24 hours");
  CHECK(h.issues[3] == "Old pending tasks: oldest task is 30 hours old");
  CHECK_THAT(h.issues[4], Catch::Contains("w1") && Catch::Contains("stale"));

  QueueSnapshot quiet;
  CHECK(health_of(quiet, t0()).healthy);
}

TEST_CASE("cancelled tasks are never a health issue, and the failure advice retries no cancellation") {
  QueueSnapshot rolled_back;
  rolled_back.counts.by_status = {{"pending", 0}, {"processing", 0}, {"completed", 5}, {"failed", 0}, {"cancelled", 500}};
  rolled_back.activity.cancelled = 500;
  CHECK(health_of(rolled_back, t0()).healthy);

  QueueSnapshot failing = rolled_back;
  failing.activity.failed = 11;
  const auto h = health_of(failing, t0());
  REQUIRE(h.recommendations.size() == 1);
  CHECK_THAT(h.recommendations[0], Catch::Contains("retry-failed --dry-run") &&
                                       Catch::Contains("cancelled tasks stay cancelled") &&
                                       !Catch::Contains("include-cancelled"));
}
