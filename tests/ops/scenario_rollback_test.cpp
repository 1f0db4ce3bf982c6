// docs/operations.md, Scenario 2 (configuration rollback: export / import), Scenario 3 (migration
// rollback), Scenario 4 (provider rollback: edit vellum.yaml, vellum reload, read the answer) and
// embedding recovery (reindex).
#include <catch2/catch.hpp>

#include <fstream>
#include <thread>

#include "ops/ops_rig.hpp"

using namespace vellum::test;
using std::chrono::milliseconds;

TEST_CASE("scenario 2: export > file, then import restores the tasks", "[ops]") {
  OpsRig rig;
  rig.start();
  rig.create_article("Exported", "# Exported\ntext");
  CHECK(rig.vellum({"queue", "wait-for-completion", "--timeout", "30"}).exit_code == 0);
  CHECK(rig.vellum({"queue", "stop"}).exit_code == 0);
  std::this_thread::sleep_for(milliseconds(300));
  rig.create_article("Pending", "# Pending\ntext");

  auto exported = rig.vellum({"queue", "export"});
  REQUIRE(exported.exit_code == 0);
  const auto doc = nlohmann::json::parse(exported.out);
  CHECK(doc["format"] == "vellum-queue-export");
  CHECK(doc["tasks"].size() == 2);
  CHECK(doc["workerStatus"]["control"]["isRunning"] == false);
  rig.dir().write("queue-state-backup.json", exported.out);

  CHECK(rig.vellum({"queue", "clear", "--all", "--confirm"}).exit_code == 0);
  CHECK(rig.vellum_json({"queue", "status"})["stats"]["total"] == 0);
  auto imported = rig.vellum_json({"queue", "import", "queue-state-backup.json"});
  CHECK(imported["restored"] == 2);
  auto status = rig.vellum_json({"queue", "status"});
  CHECK(status["stats"]["completed"] == 1);
  CHECK(status["stats"]["pending"] == 1);
  // Importing twice changes nothing.
  CHECK(rig.vellum_json({"queue", "import", "queue-state-backup.json"})["restored"] == 0);
}

TEST_CASE("scenario 3: migrate tags tasks reason=migration, clear --reason migration --confirm cancels them", "[ops]") {
  OpsRig rig;
  rig.start();
  rig.create_article("Alpha", "# Alpha\ntext");
  rig.create_article("Beta", "# Beta\ntext");
  CHECK(rig.vellum({"queue", "wait-for-completion", "--timeout", "30"}).exit_code == 0);
  CHECK(rig.vellum({"queue", "stop"}).exit_code == 0);
  // A new model: the articles have no vectors in its embedding set yet.
  rig.write_config({false, 128, "background"});
  const auto sets_before = rig.get("/api/embedding-sets").json()["sets"].size();
  auto dry = rig.vellum_json({"queue", "migrate", "--dry-run"});
  CHECK(dry["queued"] == 2);
  CHECK(dry["embeddingSet"]["id"].is_null());  // the new model's set does not exist yet...
  CHECK(dry["embeddingSet"]["dimensions"] == 128);
  CHECK(rig.count("pending") == 0);
  CHECK(rig.get("/api/embedding-sets").json()["sets"].size() == sets_before);  // ...and a dry run does not make it
  auto migrated = rig.vellum_json({"queue", "migrate", "--batch-size", "1"});
  CHECK(migrated["queued"] == 2);
  CHECK(migrated["batches"] == 2);
  auto listed = rig.vellum_json({"queue", "list", "--status", "pending", "--reason", "migration"});
  CHECK(listed["tasks"].size() == 2);

  auto rollback = rig.vellum_json({"queue", "clear", "--status", "pending", "--reason", "migration", "--confirm"});
  CHECK(rollback["cancelled"] == 2);
  // The guide's verification: no migration task pending or processing.
  CHECK(rig.vellum_json({"queue", "list", "--status", "pending", "--reason", "migration"})["tasks"].empty());
  CHECK(rig.vellum_json({"queue", "list", "--status", "processing", "--reason", "migration"})["tasks"].empty());
}

TEST_CASE("scenario 4: provider switch and rollback by editing vellum.yaml and vellum reload", "[ops]") {
  OpsRig rig;
  rig.start();
  rig.create_article("Switch", "# Switch\nprovider rollback text");
  CHECK(rig.vellum({"queue", "wait-for-completion", "--timeout", "30"}).exit_code == 0);
  auto before = rig.get("/api/rag/status").json();
  CHECK(before["unindexedFiles"].empty());
  const auto old_set = before["embeddingSet"]["id"];

  // Edit the provider's section; check it; apply it; read the answer. The new model fills its own
  // set while search stays on the complete one. With `cutover: manual` the operator moves search over
  // (with `auto`, the default, the server does it once the set is full).
  OpsOptions manual;
  manual.embedding_yaml = "  provider: local\n  cutover: manual\n  local:\n    dimensions: 128\n";
  rig.write_config(manual);
  auto probe = rig.vellum({"config", "check", "--probe"});
  CHECK(probe.exit_code == 0);
  CHECK_THAT(probe.out, Catch::Contains("probe: embedding plugin 'local'") && Catch::Contains("probe OK"));
  auto switched = rig.vellum_json({"reload"});
  CHECK(switched["outcome"] == "applied");
  CHECK(switched["generation"] == 2);
  CHECK_THAT(switched["changes"]["summary"].get<std::string>(), Catch::Contains("embedding.local.dimensions"));
  CHECK(switched["rebuilt"] == nlohmann::json::array({"embedding"}));
  CHECK(switched["reused"] == nlohmann::json::array({"storage", "queue"}));
  REQUIRE(eventually([&] {
    return rig.get("/api/rag/status").json()["embeddingSets"]["building"]["coverage"]["complete"] == true;
  }));
  auto during = rig.get("/api/rag/status").json();
  CHECK(during["embeddingSet"]["id"] == old_set);
  CHECK(during["unindexedFiles"].empty());
  const auto new_set = during["embeddingSets"]["building"]["id"].get<int>();
  auto activated = rig.vellum({"embeddings", "activate", std::to_string(new_set)});
  INFO(activated.err);
  CHECK(activated.exit_code == 0);
  REQUIRE(eventually([&] { return rig.get("/api/rag/status").json()["embeddingSet"]["dimensions"] == 128; }));
  CHECK(rig.get("/api/rag/status").json()["embeddingSets"]["previous"]["id"] == old_set);

  // Roll back: the old set was kept current, so it is active as soon as the reload answers — nothing
  // is embedded again.
  const auto completed = rig.count("completed");
  rig.write_config({false, 64, "background"});
  auto rolled_back = rig.vellum({"reload"});
  CHECK(rolled_back.exit_code == 0);
  CHECK_THAT(rolled_back.out, Catch::Contains("reload applied: generation ") && Catch::Contains("rebuilt: embedding"));
  auto after = rig.get("/api/rag/status").json();
  CHECK(after["embeddingSet"]["id"] == old_set);
  CHECK(after["unindexedFiles"].empty());
  CHECK(rig.count("pending") == 0);
  CHECK(rig.count("completed") == completed);

  // A provider that cannot answer: refused, the rolled-back provider keeps serving.
  OpsOptions unreachable{false, 64, "background"};
  unreachable.embedding_yaml = "  provider: ollama\n  ollama:\n    base_url: http://127.0.0.1:9\n";
  rig.write_config(unreachable);
  auto probe_down = rig.vellum({"config", "check", "--probe"});
  CHECK(probe_down.exit_code == 1);
  CHECK_THAT(probe_down.out, Catch::Contains("probe failed: embedding plugin 'ollama' failed its health check"));
  auto refused = rig.vellum({"reload"});
  CHECK(refused.exit_code == 1);
  CHECK_THAT(refused.err, Catch::Contains("stays active") &&
                              Catch::Contains("embedding plugin 'ollama' failed its health check"));
  CHECK(rig.get("/api/admin/runtime").json()["slots"]["embedding"]["plugin"] == "local");
  CHECK(rig.get("/api/rag/status").json()["embeddingSet"]["id"] == old_set);
  CHECK(rig.get("/api/search?query=provider%20rollback&mode=semantic").status == 200);
}

TEST_CASE("embedding recovery: reindex queues tasks and old vectors stay searchable meanwhile", "[ops]") {
  OpsRig rig;
  rig.start();
  rig.create_article("Searchable", "# Searchable\nzanzibar quokka");
  rig.create_article("Private", "# Private\nnot for rag");
  CHECK(rig.vellum({"queue", "wait-for-completion", "--timeout", "30"}).exit_code == 0);
  CHECK(rig.vellum({"queue", "stop"}).exit_code == 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  auto queued = rig.vellum_json({"reindex"});
  CHECK(queued["queued"] == 2);
  CHECK(rig.count("pending") == 2);
  // Nothing was deleted: the index still answers while the tasks wait.
  auto rag = rig.get("/api/rag/status").json();
  CHECK(rag["unindexedFiles"].empty());
  CHECK(rag["totalChunks"].get<int>() > 0);
  auto found = rig.get("/api/search?query=zanzibar%20quokka&mode=semantic");
  CHECK(found.status == 200);
  CHECK_FALSE(found.json().empty());
  // --missing-only finds nothing to do.
  CHECK(rig.vellum_json({"reindex", "--missing-only"})["queued"] == 0);
  CHECK(rig.vellum({"queue", "start"}).exit_code == 0);
  CHECK(rig.vellum({"queue", "wait-for-completion", "--timeout", "30"}).exit_code == 0);
}
