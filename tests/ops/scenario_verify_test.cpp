// docs/operations.md, verification procedures: /health (public and detailed with worker liveness),
// /metrics, GET /api/queue/status, DELETE /api/queue/tasks/*, POST /api/rag/reindex; and the same
// core procedure on PostgreSQL when VELLUM_TEST_PG_URL is set.
#include <catch2/catch.hpp>

#include <thread>

#include "ops/ops_rig.hpp"

using namespace vellum::test;

TEST_CASE("verification: health, metrics and the queue REST routes", "[ops]") {
  OpsRig rig;
  rig.start();
  rig.create_article("Verified", "# Verified\ntext");
  CHECK(rig.vellum({"queue", "wait-for-completion", "--timeout", "30"}).exit_code == 0);

  HttpClient anonymous(rig.port());
  auto open = anonymous.get("/health");
  CHECK(open.status == 200);
  CHECK(open.json()["status"] == "ok");
  CHECK_FALSE(open.json().contains("worker"));
  auto detailed = rig.get("/health").json();
  REQUIRE(detailed["worker"].is_object());
  CHECK(detailed["worker"]["status"] == "Running");
  REQUIRE(detailed["worker"]["workers"].size() == 1);
  CHECK(detailed["worker"]["workers"][0]["state"] == "live");
  CHECK(detailed["worker"]["workers"][0]["heartbeatAgeSeconds"].get<double>() < 10.0);

  auto metrics = rig.get("/metrics");
  CHECK(metrics.status == 200);
  CHECK_THAT(metrics.header("content-type"), Catch::StartsWith("text/plain"));
  CHECK_THAT(metrics.body, Catch::Contains("vellum_queue_tasks{status=\"completed\"} 1"));
  CHECK_THAT(metrics.body, Catch::Contains("vellum_queue_worker_up{worker="));
  CHECK(anonymous.get("/metrics").status == 401);
  auto samples = rig.vellum_json({"queue", "metrics"});
  CHECK(samples["metrics"].contains("task_wait_time"));
  CHECK_THAT(rig.vellum({"queue", "metrics", "--prometheus"}).out, Catch::Contains("vellum_queue_tasks{status="));

  auto status = rig.get("/api/queue/status").json();
  CHECK(status["enabled"] == true);
  CHECK(status["stats"]["completed"] == 1);
  CHECK(status["health"]["isHealthy"] == true);
  CHECK(status["tasksByPriority"].contains("high"));

  // Reindexing and deleting tasks act on the whole queue: the admin token only. An API key, even of
  // scope write, is refused as on every admin route (401, as the reference API answers).
  const std::string write_key = rig.vellum_json({"token", "create", "ops-writer", "--scope", "write"})["token"];
  HttpClient writer(rig.port());
  const Fields as_writer{{"Authorization", "Bearer " + write_key}};
  CHECK(writer.get("/api/queue/status", as_writer).status == 200);
  CHECK(writer.request("DELETE", "/api/queue/tasks/failed", "", {as_writer}).status == 401);
  const std::string some_task = "/api/queue/tasks/0b8f3c2e-1d2a-4c3b-9e8f-7a6b5c4d3e2f";
  CHECK(writer.request("DELETE", some_task, "", {as_writer}).status == 401);
  CHECK(writer.post("/api/rag/reindex", "{}", as_writer).status == 401);
  CHECK(writer.post("/api/rag/index-unindexed", "", as_writer).status == 401);

  CHECK(rig.del("/api/queue/tasks/not-a-uuid").status == 404);
  CHECK(rig.del("/api/queue/tasks/0b8f3c2e-1d2a-4c3b-9e8f-7a6b5c4d3e2f").status == 404);
  // A cancelled task is no failure: not in `queue failed` nor in recentErrors; debug calls it
  // cancelled_by_operator, and DELETE /api/queue/tasks/ID (failed tasks only) leaves it.
  CHECK(rig.vellum({"queue", "stop"}).exit_code == 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  auto reindex = rig.post("/api/rag/reindex", nlohmann::json::object());
  CHECK(reindex.status == 200);
  CHECK(reindex.json()["queuedTasks"] == 1);
  CHECK(rig.get("/api/rag/status").json()["unindexedFiles"].empty());  // non-destructive
  CHECK(rig.vellum({"queue", "clear", "--status", "pending", "--confirm"}).exit_code == 0);
  CHECK(rig.vellum_json({"queue", "failed"})["tasks"].empty());
  auto cancelled = rig.vellum_json({"queue", "list", "--status", "cancelled"});
  REQUIRE(cancelled["tasks"].size() == 1);
  const std::string id = cancelled["tasks"][0]["id"];
  auto after_clear = rig.get("/api/queue/status").json();
  CHECK(after_clear["stats"]["cancelled"] == 1);
  CHECK(after_clear["stats"]["failed"] == 0);
  CHECK(after_clear["recentErrors"].empty());
  CHECK(rig.vellum_json({"queue", "debug", id})["debug"]["errorKind"] == "cancelled_by_operator");
  CHECK(rig.del("/api/queue/tasks/" + id).status == 404);

  // A failed task, put back from an edited export the way an operator restores one: a stored error
  // may quote a provider, so an API key reads its kind and the admin the message.
  auto exported = nlohmann::json::parse(rig.vellum({"queue", "export"}).out);
  for (auto& task : exported["tasks"]) {
    if (task["id"] != id) continue;
    task["status"] = "failed";
    task["error_message"] = "provider answered 401: key sk-secret rejected";
  }
  CHECK(rig.vellum({"queue", "clear", "--status", "cancelled", "--confirm"}).exit_code == 0);
  rig.dir().write("failed-task.json", exported.dump());
  CHECK(rig.vellum_json({"queue", "import", "failed-task.json"})["restored"] == 1);
  auto failed = rig.vellum_json({"queue", "failed"});
  REQUIRE(failed["tasks"].size() == 1);
  auto as_admin = rig.get("/api/queue/status").json()["recentErrors"];
  auto as_key = writer.get("/api/queue/status", as_writer).json()["recentErrors"];
  REQUIRE(as_admin.size() == 1);
  REQUIRE(as_key.size() == 1);
  CHECK(as_admin[0]["errorMessage"] == failed["tasks"][0]["error_message"]);
  CHECK(as_key[0]["errorMessage"] == "authentication");
  CHECK(rig.vellum_json({"queue", "debug", id})["debug"]["errorKind"] == "authentication");
  CHECK(rig.del("/api/queue/tasks/" + id).status == 200);
  CHECK(rig.del("/api/queue/tasks/failed").json()["count"] == 0);
}

TEST_CASE("PostgreSQL: stop, clear and wait-for-completion against a shared database", "[ops][postgres]") {
  if (postgres_url().empty()) {
    WARN("VELLUM_TEST_PG_URL is not set: the PostgreSQL pass of the operations guide is SKIPPED");
    return;
  }
  OpsRig rig({true, 64, "background"});
  rig.start();
  // The database may hold earlier runs' tasks: start from an empty queue.
  CHECK(rig.vellum({"queue", "clear", "--all", "--confirm"}).exit_code == 0);
  CHECK(rig.vellum({"queue", "start"}).exit_code == 0);
  CHECK(rig.vellum({"queue", "stop"}).exit_code == 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  // No "# " heading: it would become the title and the slug, shared with every earlier run.
  rig.create_article("PG Ops " + rig.token().substr(4, 8), "Text for the PostgreSQL pass.");
  CHECK(rig.count("pending") == 1);
  CHECK(rig.vellum({"queue", "wait-for-completion", "--timeout", "1"}).exit_code == 3);
  CHECK(rig.vellum({"queue", "start"}).exit_code == 0);
  CHECK(rig.vellum({"queue", "wait-for-completion", "--timeout", "30"}).exit_code == 0);
  CHECK(rig.vellum({"queue", "emergency-stop"}).exit_code == 0);
  CHECK(rig.count("processing") == 0);
  CHECK(rig.vellum({"queue", "start"}).exit_code == 0);
}
