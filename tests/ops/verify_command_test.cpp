// `vellum verify` (docs/operations.md, "Verification procedures") against a real `vellum serve`: every
// check passes on a healthy server, on SQLite and on PostgreSQL; each way of being broken fails the
// check that names it; the probe article is never left behind; --quick writes nothing.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include <sqlite3.h>

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

// The database files made immutable (chattr +i) for the guard's life: writes fail even through the
// server's open descriptors, as on a disk gone read-only. File modes would not do: tests may run as
// root, whom they do not stop. Needs CAP_LINUX_IMMUTABLE and a file system with the flag.
class ImmutableFiles {
 public:
  explicit ImmutableFiles(std::vector<std::filesystem::path> files) : files_(std::move(files)) {
    for (const auto& file : files_) {
      if (!std::filesystem::exists(file)) continue;
      if (!run("chattr +i '" + file.string() + "'")) return;
      set_.push_back(file);
    }
    ok_ = !set_.empty();
  }
  ~ImmutableFiles() {
    for (const auto& file : set_) (void)run("chattr -i '" + file.string() + "'");
  }
  [[nodiscard]] bool ok() const { return ok_; }

 private:
  static bool run(const std::string& command) { return std::system((command + " 2>/dev/null").c_str()) == 0; }
  std::vector<std::filesystem::path> files_;
  std::vector<std::filesystem::path> set_;
  bool ok_ = false;
};

}  // namespace

TEST_CASE("vellum verify passes every check on a healthy server and leaves nothing behind", "[ops]") {
  OpsRig rig;
  rig.start();
  rig.create_article("Existing", "# Existing\nan article that was there before");
  const auto before = rig.get("/api/rag/status").json()["totalArticles"];
  require_all_pass(rig);
  CHECK(rig.get("/api/rag/status").json()["totalArticles"] == before);

  CHECK(rig.get("/health").json()["services"]["mcpServer"] == true);  // as /mcp answers

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
  // Workers read the stop within one poll interval, so the probe may still have been claimed just
  // before; if it was not, the semantic check says why it is missing and does not wait for it.
  if (failed(report, "search-semantic")) {
    CHECK_THAT(evidence(report, "search-semantic"), Catch::Contains("the queue does not run"));
  }
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

TEST_CASE("vellum verify names the failing check: a task stuck in processing past its lease", "[ops]") {
  // The synchronous strategy runs no rescue of expired leases: a task a crashed worker of another
  // process left in processing stays there, as on a server whose workers are gone.
  OpsRig rig({false, 64, "sync"});
  rig.start();
  rig.create_article("Held", "# Held\na task for it");
  {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open((rig.dir() / "data" / "vellum.db").c_str(), &db) == SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    const char* left_behind =
        "INSERT INTO embedding_tasks (id, article_id, slug, operation, status, attempts, created_at, scheduled_at, "
        "processed_at, claimed_by, lease_expires_at) "
        "SELECT 'left-behind', id, slug, 'update', 'processing', 1, "
        "strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-20 minutes'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-20 minutes'), "
        "strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-20 minutes'), 'gone:1:abc/1', "
        "strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-15 minutes') FROM articles LIMIT 1";
    char* error = nullptr;
    const int rc = sqlite3_exec(db, left_behind, nullptr, nullptr, &error);
    INFO((error ? error : ""));
    sqlite3_free(error);
    sqlite3_close(db);
    REQUIRE(rc == SQLITE_OK);
  }
  auto report = rig.vellum_json({"verify", "--quick"}, 1);
  INFO(report.dump(2));
  CHECK(report["failed"] == nlohmann::json::array({"queue"}));
  CHECK_THAT(evidence(report, "queue"), Catch::Contains("Stuck tasks: 1 in processing past their lease"));

  CHECK(rig.vellum({"queue", "cleanup-stuck", "--minutes", "10"}).exit_code == 0);
  CHECK(eventually([&] { return rig.vellum({"verify", "--quick"}).exit_code == 0; }));
}

TEST_CASE("vellum verify names the failing check: the database cannot be written", "[ops]") {
  OpsRig rig;
  rig.start();
  rig.create_article("Before", "# Before\nwritten while the disk was fine");
  const auto db = rig.dir() / "data" / "vellum.db";
  {
    ImmutableFiles read_only({db, db.string() + "-wal", db.string() + "-journal"});
    if (!read_only.ok()) {
      WARN("chattr +i is not permitted here: the read-only database case of vellum verify is SKIPPED");
      return;
    }
    auto report = rig.vellum_json({"verify", "--wait", "1"}, 1);
    INFO(report.dump(2));
    CHECK(failed(report, "articles"));
    CHECK(failed(report, "database"));
    CHECK_THAT(evidence(report, "database"), Catch::Contains("a write did not commit"));
    CHECK(verdicts(report)["server"] == "pass");  // reads still answer
  }
  // Writable again: everything passes, and no probe was left behind by the failed run.
  CHECK(eventually([&] { return rig.vellum({"verify"}).exit_code == 0; }));
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
  CHECK(rig.get("/health").json()["services"]["mcpServer"] == false);
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
