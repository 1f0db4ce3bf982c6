// `vellum rollback-drill` beside a running server: every scenario of the guide runs on a throwaway
// copy and passes; the deployment is unchanged; nothing is left behind (files, schema, process).
#include <catch2/catch.hpp>

#include <filesystem>

#include "ops/ops_rig.hpp"

using namespace vellum::test;

namespace {

nlohmann::json statuses(const nlohmann::json& report) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& step : report["steps"]) out[step["name"].get<std::string>()] = step["status"];
  return out;
}

bool empty_dir(const std::filesystem::path& dir) {
  return std::filesystem::is_empty(dir);
}

void drill_and_check(OpsRig& rig, const std::filesystem::path& tmp, bool expect_provider_rollback) {
  const auto articles = rig.get("/api/rag/status").json()["totalArticles"];
  const auto tasks = rig.vellum_json({"queue", "status"})["stats"]["total"];

  auto report = rig.vellum_json({"rollback-drill"});
  INFO(report.dump(2));
  CHECK(report["passed"] == true);
  const auto seen = statuses(report);
  for (const char* step : {"copy", "start", "verify-before", "temporary-queue-disable", "configuration-rollback",
                           "migration-rollback", "emergency-stop", "restart", "data-corruption-recovery",
                           "verify-after", "cleanup"}) {
    CHECK(seen[step] == "pass");
  }
  CHECK(seen["provider-rollback"] == (expect_provider_rollback ? "pass" : "skip"));

  // The deployment is as it was, still serving; the drill's workspace is gone.
  CHECK(rig.get("/api/rag/status").json()["totalArticles"] == articles);
  CHECK(rig.vellum_json({"queue", "status"})["stats"]["total"] == tasks);
  CHECK(rig.vellum_json({"queue", "status"})["workerStatus"] == "Running");
  CHECK(empty_dir(tmp));
}

}  // namespace

TEST_CASE("vellum rollback-drill rehearses every scenario on a copy and leaves nothing behind", "[ops]") {
  OpsRig rig;
  const auto tmp = rig.dir() / "tmp";
  std::filesystem::create_directories(tmp);
  rig.set_env("TMPDIR", tmp.string());
  rig.start();
  rig.create_article("Drilled", "# Drilled\nrollback drill text");
  rig.create_article("Second", "# Second\nmore text");
  CHECK(rig.vellum({"queue", "wait-for-completion", "--timeout", "30"}).exit_code == 0);

  auto dry = rig.vellum({"rollback-drill", "--dry-run"});
  CHECK(dry.exit_code == 0);
  CHECK_THAT(dry.out, Catch::Contains("would copy the sqlite database") && Catch::Contains("nothing was changed"));
  CHECK(empty_dir(tmp));

  drill_and_check(rig, tmp, false);

  // After a provider switch the drill also goes to the previous embedding set and back.
  rig.write_config({false, 128, "background"});
  CHECK(rig.vellum({"reload"}).exit_code == 0);
  REQUIRE(eventually([&] { return rig.get("/api/rag/status").json()["embeddingSet"]["dimensions"] == 128; }));
  drill_and_check(rig, tmp, true);
}

TEST_CASE("vellum rollback-drill on PostgreSQL drops its schema", "[ops][postgres]") {
  if (postgres_url().empty()) {
    WARN("VELLUM_TEST_PG_URL is not set: the PostgreSQL pass of rollback-drill is SKIPPED");
    return;
  }
  OpsRig rig({true, 64, "background"});
  const auto tmp = rig.dir() / "tmp";
  std::filesystem::create_directories(tmp);
  rig.set_env("TMPDIR", tmp.string());
  rig.start();
  CHECK(rig.vellum({"queue", "clear", "--all", "--confirm"}).exit_code == 0);
  CHECK(rig.vellum({"queue", "start"}).exit_code == 0);
  rig.create_article("PG Drill " + rig.token().substr(4, 8), "Text for the drill.");
  CHECK(rig.vellum({"queue", "wait-for-completion", "--timeout", "30"}).exit_code == 0);

  auto report = rig.vellum_json({"rollback-drill"});
  INFO(report.dump(2));
  CHECK(report["passed"] == true);
  CHECK_THAT(report["copy"].get<std::string>(), Catch::StartsWith("schema vellum_drill_"));
  CHECK_THAT(statuses(report)["cleanup"].get<std::string>(), Catch::Equals("pass"));
  bool dropped = false;
  for (const auto& step : report["steps"]) {
    if (step["name"] == "cleanup") dropped = step["evidence"].get<std::string>().find("dropped") != std::string::npos;
  }
  CHECK(dropped);
  CHECK(empty_dir(tmp));
}
