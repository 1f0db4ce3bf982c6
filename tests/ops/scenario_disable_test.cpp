// docs/operations.md, Scenario 1 (temporary queue disable: `vellum queue stop`, or queue.enabled in
// vellum.yaml + `vellum reload`; switching queue strategies) and the gradual rollback (phases 1–4,
// phase 1 with `vellum queue drain`).
#include <catch2/catch.hpp>

#include <thread>

#include "fakes/fake_ollama.hpp"
#include "ops/ops_rig.hpp"

using namespace vellum::test;
using std::chrono::milliseconds;

TEST_CASE("scenario 1: queue stop pauses claiming within one poll interval, start resumes", "[ops]") {
  OpsRig rig;
  rig.start();
  rig.create_article("Before Stop", "# Before\nembedded normally");
  CHECK(rig.vellum({"queue", "wait-for-completion", "--timeout", "30"}).exit_code == 0);

  auto stopped = rig.vellum({"queue", "stop"});
  CHECK(stopped.exit_code == 0);
  auto status = rig.vellum({"queue", "status"});
  CHECK_THAT(status.out, Catch::Contains("Worker Status: Paused"));
  CHECK(rig.vellum_json({"queue", "status"})["state"] == "paused");

  // Writes keep working; their tasks wait. Three poll intervals (100 ms) give the server time to notice.
  std::this_thread::sleep_for(milliseconds(300));
  rig.create_article("While Stopped", "# Paused\nqueued, not embedded");
  std::this_thread::sleep_for(milliseconds(1500));
  CHECK(rig.count("pending") == 1);
  CHECK(rig.count("processing") == 0);

  CHECK(rig.vellum({"queue", "start"}).exit_code == 0);
  CHECK(rig.vellum({"queue", "wait-for-completion", "--timeout", "30"}).exit_code == 0);
  CHECK(rig.vellum_json({"queue", "status"})["state"] == "running");
  CHECK(rig.count("completed") == 2);
}

TEST_CASE("scenario 1, method 2: queue.enabled false in vellum.yaml and vellum reload, then true again", "[ops]") {
  OpsRig rig;
  rig.start();
  OpsOptions off;
  off.queue_enabled = false;
  rig.write_config(off);
  auto disabled = rig.vellum_json({"reload"});
  CHECK(disabled["outcome"] == "applied");
  CHECK(disabled["changes"]["summary"] == "queue: settings queue.enabled");
  CHECK(rig.get("/api/admin/runtime").json()["slots"]["queue"].is_null());
  CHECK_THAT(rig.vellum({"queue", "status"}).out, Catch::Contains("Worker Status: System disabled"));
  rig.create_article("While Disabled", "# Disabled\nwrites keep working");

  rig.write_config({});
  rig.reload(3);
  CHECK(rig.get("/api/admin/runtime").json()["slots"]["queue"]["plugin"] == "background");
  CHECK(eventually([&] { return rig.vellum_json({"queue", "status"})["state"] == "running"; }));
}

TEST_CASE("gradual rollback: clear pending with --confirm, wait-for-completion 0 when drained, 3 on timeout", "[ops]") {
  OpsRig rig;
  rig.start();
  CHECK(rig.vellum({"queue", "stop"}).exit_code == 0);
  std::this_thread::sleep_for(milliseconds(300));
  rig.create_article("One", "# One\ntext");
  rig.create_article("Two", "# Two\ntext");
  CHECK(rig.count("pending") == 2);

  // Phase 1 monitoring: tasks left → wait-for-completion times out with exit code 3.
  auto waited = rig.vellum({"queue", "wait-for-completion", "--timeout", "1"});
  CHECK(waited.exit_code == 3);
  CHECK_THAT(waited.err, Catch::Contains("timed out"));

  // Phase 2: without --confirm a dry run changes nothing.
  auto dry = rig.vellum_json({"queue", "clear", "--status", "pending"});
  CHECK(dry["dryRun"] == true);
  CHECK(dry["matched"] == 2);
  CHECK(rig.count("pending") == 2);
  auto cleared = rig.vellum_json({"queue", "clear", "--status", "pending", "--confirm"});
  CHECK(cleared["cancelled"] == 2);
  CHECK(rig.count("pending") == 0);
  CHECK(rig.vellum({"queue", "wait-for-completion", "--timeout", "300"}).exit_code == 0);

  // Phase 3/4: semantic search off → status says System disabled.
  auto disabled = rig.vellum({"queue", "status"}, {{"SEMANTIC_SEARCH_ENABLED", "false"}});
  CHECK(disabled.exit_code == 0);
  CHECK_THAT(disabled.out, Catch::Contains("Worker Status: System disabled"));
}

TEST_CASE("gradual rollback phase 1: queue drain stops new tasks, --wait exits 0 when drained, start ends it",
          "[ops]") {
  OpsRig rig;
  rig.start();
  CHECK(rig.vellum({"queue", "stop"}).exit_code == 0);
  std::this_thread::sleep_for(milliseconds(300));  // three poll intervals: the worker has seen the stop
  rig.create_article("Queued Before Drain", "# Before\nqueued while paused");
  CHECK(rig.count("pending") == 1);

  // Draining does not resume a paused queue: --wait can only time out (3), and says why.
  auto paused = rig.vellum({"queue", "drain", "--wait", "--timeout", "1", "--json"});
  CHECK(paused.exit_code == 3);
  CHECK_THAT(paused.err, Catch::Contains("paused"));
  const auto timed_out = nlohmann::json::parse(paused.out);
  CHECK(timed_out["draining"] == true);
  CHECK(timed_out["isRunning"] == false);
  CHECK(timed_out["completed"] == false);
  CHECK(timed_out.value("pending", -1) == 1);
  CHECK(rig.vellum_json({"queue", "status"})["control"]["draining"] == true);

  // start ends the drain (and the pause); drain again on the running queue.
  CHECK(rig.vellum({"queue", "start"}).exit_code == 0);
  CHECK(rig.vellum_json({"queue", "status"})["control"]["draining"] == false);
  auto drained = rig.vellum_json({"queue", "drain"});
  CHECK(drained["draining"] == true);
  CHECK(drained["isRunning"] == true);
  CHECK_THAT(rig.vellum({"queue", "status"}).out, Catch::Contains("Worker Status: Draining"));
  CHECK(rig.vellum_json({"queue", "status"})["state"] == "draining");

  // A write during the drain succeeds and queues no task.
  rig.create_article("Written While Draining", "# During\nno task for this one");
  CHECK(rig.vellum_json({"queue", "status"})["stats"]["total"] == 1);

  auto waited = rig.vellum({"queue", "drain", "--wait", "--timeout", "30"});
  CHECK(waited.exit_code == 0);
  CHECK_THAT(waited.out, Catch::Contains("queue drained"));
  CHECK(rig.count("completed") == 1);
  CHECK(rig.vellum({"queue", "drain", "--timeout", "5"}).exit_code == 2);  // --timeout needs --wait

  CHECK(rig.vellum({"queue", "start"}).exit_code == 0);
  const auto resumed = rig.vellum_json({"queue", "status"});
  CHECK(resumed["control"]["draining"] == false);
  // Running once a heartbeat says so (a paused worker's last beat said it was not claiming).
  CHECK(eventually([&] { return rig.vellum_json({"queue", "status"})["state"] == "running"; },
                   std::chrono::seconds(15)));
  rig.create_article("After Drain", "# After\nqueued again");
  CHECK(rig.vellum({"queue", "wait-for-completion", "--timeout", "30"}).exit_code == 0);
  CHECK(rig.count("completed") == 2);
  CHECK(rig.vellum_json({"queue", "status"})["stats"]["total"] == 2);
}

TEST_CASE("switching queue strategies by config edit + SIGHUP: tasks left by the background queue are finished under sync", "[ops]") {
  OpsRig rig;
  rig.start();
  CHECK(rig.vellum({"queue", "stop"}).exit_code == 0);
  std::this_thread::sleep_for(milliseconds(300));
  rig.create_article("Left One", "# Left One\nqueued under background");
  rig.create_article("Left Two", "# Left Two\nqueued under background");
  CHECK(rig.count("pending") == 2);

  rig.write_config({false, 64, "sync"});
  rig.reload(2);
  // The operators' pause holds under sync too; `queue start` lets the sync strategy work the table off.
  std::this_thread::sleep_for(milliseconds(300));
  CHECK(rig.count("pending") == 2);
  CHECK(rig.vellum({"queue", "start"}).exit_code == 0);
  CHECK(rig.vellum({"queue", "wait-for-completion", "--timeout", "30"}).exit_code == 0);
  CHECK(rig.count("completed") == 2);
  rig.create_article("Inline", "# Inline\nembedded before the write returns");
  CHECK(rig.get("/api/rag/status").json()["unindexedFiles"].empty());

  rig.write_config({false, 64, "background"});
  rig.reload(3);
  rig.create_article("Back", "# Back\nqueued again");
  CHECK(rig.vellum({"queue", "wait-for-completion", "--timeout", "30"}).exit_code == 0);
  CHECK(rig.count("completed") == 3);
  CHECK(rig.get("/api/rag/status").json()["unindexedFiles"].empty());
}

TEST_CASE("semantic search off: nothing calls the provider, whatever vellum queue start says", "[ops]") {
  FakeOllama ollama({.dimensions = 64});
  OpsOptions options;
  options.embedding_yaml = "  provider: ollama\n  ollama:\n    base_url: " + ollama.base_url() + "\n    dimensions: 64\n";
  OpsRig rig(options);
  rig.set_env("SEMANTIC_SEARCH_ENABLED", "false");
  rig.start();
  ollama.reset_counters();  // the start-up health check called it once

  rig.create_article("Unembedded", "# Unembedded\nkeyword search only");
  CHECK(rig.vellum({"queue", "start"}).exit_code == 0);
  CHECK_THAT(rig.vellum({"queue", "status"}).out, Catch::Contains("Worker Status: System disabled"));
  // Fifteen poll intervals: a worker would have claimed and embedded by now.
  std::this_thread::sleep_for(milliseconds(1500));
  CHECK(ollama.calls() == 0);
  CHECK(rig.get("/api/articles?q=Unembedded").status == 200);

  // A reload of another change keeps it so.
  options.extra_yaml = "log:\n  level: debug\n";
  rig.write_config(options);
  const auto reloaded = rig.vellum_json({"reload"});
  CHECK(reloaded["outcome"] == "applied");
  std::this_thread::sleep_for(milliseconds(500));
  CHECK(ollama.calls() == 0);
}
