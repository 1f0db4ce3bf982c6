// `vellum rollback-plan` against a running server: the plan names what the server runs, and its
// provider-rollback command does what the plan says (instant: nothing embedded again).
#include <catch2/catch.hpp>

#include "ops/ops_rig.hpp"

using namespace vellum::test;

namespace {

nlohmann::json scenario(const nlohmann::json& plan, const std::string& id) {
  for (const auto& s : plan["scenarios"]) {
    if (s["id"] == id) return s;
  }
  FAIL("no scenario " << id);
  return {};
}

}  // namespace

TEST_CASE("vellum rollback-plan describes the live deployment and its commands work as it says", "[ops]") {
  OpsRig rig;
  rig.start();
  rig.create_article("Planned", "# Planned\nrollback plan text");
  CHECK(rig.vellum({"queue", "wait-for-completion", "--timeout", "30"}).exit_code == 0);

  auto before = rig.vellum_json({"rollback-plan"});
  INFO(before.dump(2));
  CHECK(before["embedding"]["previous"].is_null());
  CHECK(before["backup"].is_null());
  CHECK_THAT(before["warnings"].dump(), Catch::Contains("no backup is recorded"));

  // A provider change that cuts over by itself, and a backup.
  rig.write_config({false, 128, "background"});
  CHECK(rig.vellum({"reload"}).exit_code == 0);
  REQUIRE(eventually([&] { return rig.get("/api/rag/status").json()["embeddingSet"]["dimensions"] == 128; }));
  REQUIRE(rig.vellum({"backup", "--label", "pre-deployment"}).exit_code == 0);

  auto plan = rig.vellum_json({"rollback-plan"});
  INFO(plan.dump(2));
  const auto runtime = rig.get("/api/admin/runtime").json();
  CHECK(plan["deployment"]["generation"] == runtime["generation"]);
  CHECK(plan["deployment"]["slots"] == runtime["slots"]);
  CHECK(plan["deployment"]["configFile"] == "vellum.yaml");
  CHECK(plan["embedding"]["instantRollback"] == true);
  CHECK_THAT(plan["backup"]["file"].get<std::string>(), Catch::EndsWith("-pre-deployment.sqlite"));
  CHECK(plan["warnings"].empty());
  const auto restore = scenario(plan, "data-corruption-recovery");
  CHECK(restore["commands"][2] == "vellum restore " + plan["backup"]["file"].get<std::string>() + " --confirm");

  // The plan's provider rollback, as written: instant, nothing embedded again.
  const auto provider = scenario(plan, "provider-rollback");
  REQUIRE(provider["commands"][0] == "vellum embeddings activate --previous");
  const auto completed = rig.count("completed");
  CHECK(rig.vellum({"embeddings", "activate", "--previous"}).exit_code == 0);
  REQUIRE(eventually([&] { return rig.get("/api/rag/status").json()["embeddingSet"]["dimensions"] == 64; }));
  CHECK(rig.get("/api/rag/status").json()["unindexedFiles"].empty());
  CHECK(rig.count("completed") == completed);

  auto markdown = rig.vellum({"rollback-plan"});
  CHECK(markdown.exit_code == 0);
  CHECK_THAT(markdown.out, Catch::StartsWith("# Rollback plan — http://127.0.0.1:") &&
                               Catch::Contains("## Provider rollback") && Catch::Contains("vellum verify"));
  auto as_json = rig.vellum({"rollback-plan", "--format", "json"});
  CHECK(as_json.exit_code == 0);
  CHECK(nlohmann::json::parse(as_json.out)["scenarios"].size() == 7);
  CHECK(rig.vellum({"rollback-plan", "--format", "yaml"}).exit_code == 2);
}
