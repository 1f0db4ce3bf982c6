// docs/operations.md: emergency stop, resource exhaustion (cancel low-priority work) and complete removal.
#include <catch2/catch.hpp>

#include <thread>

#include "ops/ops_rig.hpp"

using namespace vellum::test;
using std::chrono::milliseconds;

TEST_CASE("emergency stop: no processing tasks, status Stopped, nothing claimed until start", "[ops]") {
  OpsRig rig;
  rig.start();
  auto stop = rig.vellum_json({"queue", "emergency-stop", "--reason", "provider corrupting data"});
  CHECK(stop["isRunning"] == false);
  auto status = rig.vellum({"queue", "status"});
  CHECK_THAT(status.out, Catch::Contains("Worker Status: Stopped (emergency stop): provider corrupting data"));
  std::this_thread::sleep_for(milliseconds(300));
  rig.create_article("After Emergency", "# Held\nnot embedded while stopped");
  std::this_thread::sleep_for(milliseconds(1000));
  // The guide's check: SELECT COUNT(*) FROM embedding_tasks WHERE status = 'processing' → 0.
  CHECK(rig.count("processing") == 0);
  CHECK(rig.count("pending") == 1);
  CHECK(rig.vellum({"queue", "health"}).exit_code == 3);  // the emergency is an issue until resumed
  CHECK(rig.vellum({"queue", "start"}).exit_code == 0);
  CHECK(rig.vellum({"queue", "wait-for-completion", "--timeout", "30"}).exit_code == 0);
}

TEST_CASE("resource exhaustion: clear pending low-priority tasks only", "[ops]") {
  OpsRig rig;
  rig.start();
  rig.create_article("Kept", "# Kept\ntext");
  CHECK(rig.vellum({"queue", "wait-for-completion", "--timeout", "30"}).exit_code == 0);
  CHECK(rig.vellum({"queue", "stop"}).exit_code == 0);
  std::this_thread::sleep_for(milliseconds(300));
  auto queued = rig.vellum_json({"reindex", "--priority", "low"});
  CHECK(queued["queued"] == 1);
  rig.create_article("Normal", "# Normal\ntext");
  CHECK(rig.count("pending") == 2);
  auto cleared = rig.vellum_json({"queue", "clear", "--status", "pending", "--priority", "low", "--confirm"});
  CHECK(cleared["cancelled"] == 1);
  CHECK(rig.count("pending") == 1);
}

TEST_CASE("resource exhaustion: the guide's EMBEDDING_WORKER_INTERVAL=30000 is taken, the heartbeat follows it", "[ops]") {
  OpsRig rig;
  rig.set_env("EMBEDDING_WORKER_INTERVAL", "30000");  // above the default heartbeat interval
  auto checked = rig.vellum({"config", "check"});
  CHECK(checked.exit_code == 0);
  rig.start();
  CHECK_THAT(rig.output(), Catch::Contains("queue.background.heartbeat_interval_ms (") &&
                               Catch::Contains("raised to 60000: it must exceed queue.background.worker_interval_ms (30000)"));
  rig.create_article("Slow Poll", "# Slow Poll\nembedded all the same");
  CHECK(rig.vellum({"queue", "wait-for-completion", "--timeout", "30"}).exit_code == 0);
  // The host judges heartbeats by the derived interval: the worker is not called stale between them.
  CHECK(rig.vellum_json({"queue", "status"})["workerStatus"] == "Running");
  CHECK(rig.get("/health").json()["worker"]["staleAfterSeconds"] == 120.0);
}

TEST_CASE("complete removal: emergency-stop then clear --all --confirm leaves no task", "[ops]") {
  OpsRig rig;
  rig.start();
  rig.create_article("Gone", "# Gone\ntext");
  CHECK(rig.vellum({"queue", "emergency-stop"}).exit_code == 0);
  auto cleared = rig.vellum_json({"queue", "clear", "--all", "--confirm"});
  CHECK(cleared["deleted"].get<int>() >= 1);
  auto status = rig.vellum_json({"queue", "status"});
  CHECK(status["stats"]["total"] == 0);
}
