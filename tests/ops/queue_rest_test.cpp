// The operators' queue actions over REST (what the web console's queue page calls): the same
// operations as `vellum queue …`, seen in GET /api/queue/status, admin token only.
#include <catch2/catch.hpp>

#include <thread>

#include "ops/ops_rig.hpp"

using namespace vellum::test;

namespace {

nlohmann::json control(OpsRig& rig) {
  auto status = rig.get("/api/queue/status");
  REQUIRE(status.status == 200);
  return status.json()["control"];
}

}  // namespace

TEST_CASE("stop, start, drain and emergency stop over REST, each visible in the status", "[ops]") {
  OpsRig rig;
  rig.start();
  auto stopped = rig.post("/api/queue/stop", nlohmann::json::object());
  REQUIRE(stopped.status == 200);
  CHECK(stopped.json()["isRunning"] == false);
  CHECK(control(rig)["state"] == "paused");
  // The workers read it each poll interval (100 ms); a loaded machine may take longer.
  std::this_thread::sleep_for(std::chrono::milliseconds(1000));
  rig.create_article("Held Back", "# Held\nwaits while paused");
  CHECK(eventually([&] { return rig.count("pending") == 1; }));

  REQUIRE(rig.post("/api/queue/start", nlohmann::json::object()).status == 200);
  CHECK(eventually([&] { return rig.count("completed") == 1; }));

  auto emergency = rig.post("/api/queue/emergency-stop", {{"reason", "provider maintenance"}});
  REQUIRE(emergency.status == 200);
  CHECK(emergency.json()["reason"] == "provider maintenance");
  CHECK(control(rig)["emergencyReason"] == "provider maintenance");
  CHECK(control(rig)["state"] == "emergency_stopped");

  auto drain = rig.post("/api/queue/drain", nlohmann::json::object());
  REQUIRE(drain.status == 200);
  CHECK(drain.json()["isRunning"] == false);  // a drain does not resume a stopped queue
  CHECK(control(rig)["draining"] == true);

  REQUIRE(rig.post("/api/queue/start", nlohmann::json::object()).status == 200);
  const auto resumed = control(rig);
  CHECK(resumed["isRunning"] == true);
  CHECK(resumed["draining"] == false);
  CHECK(resumed["emergencyReason"].is_null());
}

TEST_CASE("retry-failed previews failed tasks, and the throughput series counts the done ones", "[ops]") {
  OpsRig rig;
  rig.start();
  rig.create_article("Counted", "# Counted\nembedded once");
  CHECK(eventually([&] { return rig.count("completed") == 1; }));
  auto preview = rig.post("/api/queue/retry-failed", {{"dryRun", true}});
  REQUIRE(preview.status == 200);
  CHECK(preview.json()["count"] == 0);
  CHECK(preview.json()["dryRun"] == true);

  auto series = rig.get("/api/queue/throughput?minutes=60&bucketSeconds=60");
  REQUIRE(series.status == 200);
  const auto body = series.json();
  CHECK(body["bucketSeconds"] == 60);
  REQUIRE(body["buckets"].size() == 60);
  std::int64_t completed = 0;
  for (const auto& b : body["buckets"]) completed += b["completed"].get<std::int64_t>();
  CHECK(completed == 1);
  CHECK(rig.get("/api/queue/throughput?minutes=60&bucketSeconds=1").status == 400);

  // One task: a completed one is not retried (409), an unknown id is 404.
  auto listed = rig.vellum_json({"queue", "list", "completed"});
  INFO(listed.dump());
  const auto tasks = listed.is_array() ? listed : listed["tasks"];
  REQUIRE(!tasks.empty());
  const std::string id = tasks[0]["id"];
  CHECK(rig.post("/api/queue/tasks/" + id + "/retry", nlohmann::json::object()).status == 409);
  CHECK(rig.post("/api/queue/tasks/00000000-0000-4000-8000-000000000000/retry", nlohmann::json::object()).status == 409);
  CHECK(rig.post("/api/queue/tasks/not-a-task/retry", nlohmann::json::object()).status == 404);
}

TEST_CASE("the queue's actions are the admin's: an API key is refused", "[ops]") {
  OpsRig rig;
  rig.start();
  auto key = rig.post("/api/access-tokens", {{"name", "writer"}, {"scope", "write"}});
  REQUIRE(key.status == 201);
  HttpClient client(rig.port());
  const Fields bearer{{"Authorization", "Bearer " + key.json()["token"].get<std::string>()}};
  for (const char* path : {"/api/queue/stop", "/api/queue/start", "/api/queue/drain", "/api/queue/emergency-stop",
                           "/api/queue/retry-failed"}) {
    INFO(path);
    CHECK(client.post_json(path, nlohmann::json::object(), bearer).status == 401);
  }
  CHECK(control(rig)["isRunning"] == true);
  CHECK(client.get("/api/queue/throughput", bearer).status == 200);  // reading is anyone's
}
