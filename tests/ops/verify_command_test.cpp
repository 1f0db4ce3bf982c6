// `vellum verify` (docs/operations.md, "Verification procedures") against a real `vellum serve`: every
// check passes on a healthy server, on SQLite and on PostgreSQL; each way of being broken fails the
// check that names it; the probe article is never left behind; --quick writes nothing.
#include <catch2/catch.hpp>

#include <algorithm>

#include "fakes/fake_ollama.hpp"
#include "ops/ops_rig.hpp"

using namespace vellum::test;

namespace {

constexpr const char* kAllChecks[] = {"server",          "health",        "queue",  "queue-errors", "articles",
                                      "versions",        "search-keyword", "search-semantic",
                                      "search-hybrid",   "delete",        "mcp",    "database",     "latency"};

nlohmann::json verdicts(const nlohmann::json& report) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& check : report["checks"]) out[check["name"].get<std::string>()] = check["status"];
  return out;
}

bool failed(const nlohmann::json& report, const std::string& name) {
  const auto& names = report["failed"];
  return std::find(names.begin(), names.end(), nlohmann::json(name)) != names.end();
}

std::string evidence(const nlohmann::json& report, const std::string& name) {
  for (const auto& check : report["checks"]) {
    if (check["name"] == name) return check["evidence"].get<std::string>();
  }
  return "";
}

// No probe article stays behind, whatever the run found.
void require_no_probe(OpsRig& rig) {
  const auto listed = rig.get("/api/articles?folder=vellum-verify").json();
  INFO(listed.dump());
  CHECK(listed.dump().find("vellum-verify-probe") == std::string::npos);
}

void require_all_pass(OpsRig& rig) {
  auto report = rig.vellum_json({"verify"});
  INFO(report.dump(2));
  CHECK(report["passed"] == true);
  CHECK(report["failed"].empty());
  const auto seen = verdicts(report);
  for (const char* name : kAllChecks) CHECK(seen[name] == "pass");
  CHECK_THAT(evidence(report, "search-semantic"), Catch::Contains("embedding set"));
  require_no_probe(rig);
}

}  // namespace

TEST_CASE("vellum verify passes every check on a healthy server and leaves nothing behind", "[ops]") {
  OpsRig rig;
  rig.start();
  rig.create_article("Existing", "# Existing\nan article that was there before");
  const auto before = rig.get("/api/rag/status").json()["totalArticles"];
  require_all_pass(rig);
  CHECK(rig.get("/api/rag/status").json()["totalArticles"] == before);

  auto human = rig.vellum({"verify"});
  CHECK(human.exit_code == 0);
  CHECK_THAT(human.out, Catch::Contains("PASS  search-hybrid") && Catch::Contains("all checks passed"));

  // --quick writes nothing: no article, no version, no task.
  const auto tasks = rig.vellum_json({"queue", "status"})["stats"]["total"];
  auto quick = rig.vellum_json({"verify", "--quick"});
  INFO(quick.dump(2));
  CHECK(quick["passed"] == true);
  CHECK(verdicts(quick)["articles"] == "skip");
  CHECK(rig.vellum_json({"queue", "status"})["stats"]["total"] == tasks);
}

TEST_CASE("vellum verify passes on PostgreSQL", "[ops][postgres]") {
  if (postgres_url().empty()) {
    WARN("VELLUM_TEST_PG_URL is not set: the PostgreSQL pass of vellum verify is SKIPPED");
    return;
  }
  OpsRig rig({true, 64, "background"});
  rig.start();
  // The database is shared with earlier tests: start from an empty, running queue (failed tasks of
  // other tests would be this server's "recent queue errors").
  CHECK(rig.vellum({"queue", "clear", "--all", "--confirm"}).exit_code == 0);
  CHECK(rig.vellum({"queue", "start"}).exit_code == 0);
  require_all_pass(rig);
}

TEST_CASE("vellum verify names the failing check: queue stopped while configured running", "[ops]") {
  OpsRig rig;
  rig.start();
  CHECK(rig.vellum({"queue", "stop"}).exit_code == 0);
  auto report = rig.vellum_json({"verify", "--wait", "2"}, 1);
  INFO(report.dump(2));
  CHECK(failed(report, "queue"));
  CHECK_THAT(evidence(report, "queue"), Catch::Contains("stopped by an operator") && Catch::Contains("queue start"));
  CHECK(failed(report, "search-semantic"));  // the probe is never embedded
  CHECK_THAT(evidence(report, "search-semantic"), Catch::Contains("the queue does not run"));
  CHECK(verdicts(report)["articles"] == "pass");
  require_no_probe(rig);

  auto human = rig.vellum({"verify", "--wait", "2"});
  CHECK(human.exit_code == 1);
  CHECK_THAT(human.out, Catch::Contains("FAIL  queue") && Catch::Contains("check(s) failed: queue"));
  CHECK(rig.vellum({"queue", "start"}).exit_code == 0);
  require_all_pass(rig);
}

TEST_CASE("vellum verify names the failing check: embedding provider unreachable", "[ops]") {
  FakeOllama ollama({.dimensions = 16});
  OpsOptions options;
  options.embedding_yaml = "  provider: ollama\n  ollama:\n    base_url: " + ollama.base_url() + "\n    dimensions: 16\n";
  OpsRig rig(options);
  rig.start();
  require_all_pass(rig);

  ollama.fail_always(Fault::unavailable());
  auto report = rig.vellum_json({"verify", "--wait", "2"}, 1);
  INFO(report.dump(2));
  CHECK(failed(report, "health"));
  CHECK_THAT(evidence(report, "health"), Catch::Contains("embedding provider ollama"));
  CHECK(failed(report, "search-semantic"));
  require_no_probe(rig);
}

TEST_CASE("vellum verify names the failing check: MCP switched off", "[ops]") {
  OpsOptions options;
  options.extra_yaml = "mcp:\n  enabled: false\n";
  OpsRig rig(options);
  rig.start();
  auto report = rig.vellum_json({"verify"}, 1);
  INFO(report.dump(2));
  CHECK(report["failed"] == nlohmann::json::array({"mcp"}));
  CHECK_THAT(evidence(report, "mcp"), Catch::Contains("MCP is not served"));
}

TEST_CASE("vellum verify without a server, and with wrong options", "[ops]") {
  OpsRig rig;  // never started
  auto none = rig.vellum({"verify"});
  CHECK(none.exit_code == 3);
  CHECK_THAT(none.err, Catch::Contains("vellum: "));
  auto usage = rig.vellum({"verify", "--budget-ms", "0"});
  CHECK(usage.exit_code == 2);
  CHECK_THAT(usage.err, Catch::Contains("--budget-ms expects a whole number from 1 to 600000, got '0'"));
}
