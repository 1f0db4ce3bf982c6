// docs/operations.md, "Cancelled is not failed": tasks an operator cancels are counted apart, never
// make `vellum queue health` fail and are not revived by `vellum queue retry-failed`. Through the
// real `vellum` binary against a running `vellum serve`.
#include <catch2/catch.hpp>

#include <thread>

#include "ops/ops_rig.hpp"

using namespace vellum::test;
using std::chrono::milliseconds;

namespace {

constexpr int kCleared = 12;  // more than the 10 failures a day that make the queue unhealthy

}  // namespace

TEST_CASE("cancel: clear then health exits 0, and retry-failed leaves the cancelled tasks alone", "[ops]") {
  OpsRig rig;
  rig.start();
  CHECK(rig.vellum({"queue", "stop"}).exit_code == 0);
  std::this_thread::sleep_for(milliseconds(300));
  for (int i = 0; i < kCleared; ++i) rig.create_article("Cleared " + std::to_string(i), "text " + std::to_string(i));
  CHECK(rig.count("pending") == kCleared);
  CHECK(rig.vellum_json({"queue", "clear", "--status", "pending", "--confirm"})["cancelled"] == kCleared);
  CHECK(rig.vellum({"queue", "start"}).exit_code == 0);

  auto health = rig.vellum({"queue", "health"});
  INFO(health.out);
  CHECK(health.exit_code == 0);
  CHECK_THAT(health.out, Catch::Contains("Health: HEALTHY") &&
                             Catch::Contains("failed (24 h): 0, cancelled by operators (24 h, not failures): 12"));
  auto health_json = rig.vellum_json({"queue", "health"});
  CHECK(health_json["failedTasksLast24h"] == 0);
  CHECK(health_json["cancelledTasksLast24h"] == kCleared);
  auto status = rig.vellum_json({"queue", "status"});
  CHECK(status["stats"]["cancelled"] == kCleared);
  CHECK(status["stats"]["failed"] == 0);
  CHECK(status["recentActivity"]["tasksCancelledLast24h"] == kCleared);
  CHECK_THAT(rig.vellum({"queue", "status"}).out, Catch::Contains("failed 0, cancelled 12 (total 12)"));
  auto rest = rig.get("/api/queue/status").json();
  CHECK(rest["stats"]["cancelled"] == kCleared);
  CHECK(rest["health"]["isHealthy"] == true);
  CHECK(rest["recentErrors"].empty());
  auto metrics = rig.get("/metrics").body;
  CHECK_THAT(metrics, Catch::Contains("vellum_queue_tasks{status=\"cancelled\"} 12\n") &&
                          Catch::Contains("vellum_queue_tasks{status=\"failed\"} 0\n") &&
                          Catch::Contains("vellum_queue_healthy 1\n"));
  CHECK(rig.get("/health").json()["worker"]["tasksFailed"] == 0);

  // retry-failed finds no failure: the cancellations stay.
  auto retried = rig.vellum({"queue", "retry-failed"});
  CHECK(retried.exit_code == 0);
  CHECK_THAT(retried.out, Catch::Contains("0 failed tasks are pending again"));
  CHECK(rig.count("pending") == 0);
  CHECK(rig.count("cancelled") == kCleared);
}
