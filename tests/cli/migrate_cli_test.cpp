// `vellum migrate` against the default SQLite database in ./data: status, up, a guarded down.
#include <catch2/catch.hpp>

#include <cstdio>

#include <nlohmann/json.hpp>

#include "support/process.hpp"
#include "support/temp_dir.hpp"

using vellum::test::ProcessOptions;
using vellum::test::run_vellum;
using vellum::test::TempDir;

TEST_CASE("migrate status, up and down work on the default database and down needs --confirm") {
  TempDir cwd;
  const ProcessOptions here{cwd.path(), {}, {}};

  auto status = run_vellum({"migrate", "status"}, here);
  REQUIRE(status.exit_code == 0);
  CHECK_THAT(status.out, Catch::Contains("0001  pending"));

  auto up = run_vellum({"migrate", "up"}, here);
  REQUIRE(up.exit_code == 0);
  CHECK_THAT(up.out, Catch::Contains("applied:") && Catch::Contains("0001  applied") &&
                         Catch::Contains("0003  applied"));
  CHECK(run_vellum({"migrate", "up"}, here).out == "nothing to do\n");

  // The newest step, whichever it is: the numbers need not be contiguous.
  const auto steps = nlohmann::json::parse(run_vellum({"migrate", "status", "--json"}, here).out)["migrations"];
  REQUIRE(steps.size() > 1);
  char newest[8];
  std::snprintf(newest, sizeof newest, "%04d", steps.back()["version"].get<int>());
  auto dry = run_vellum({"migrate", "down"}, here);  // without --to: only the newest step
  CHECK(dry.exit_code == 1);
  CHECK_THAT(dry.out, Catch::Contains("would revert") && Catch::Contains(newest));
  CHECK_THAT(dry.out, !Catch::Contains("0001"));
  CHECK_THAT(run_vellum({"migrate", "status"}, here).out, Catch::Contains(std::string(newest) + "  applied"));

  auto down = run_vellum({"migrate", "down", "--confirm"}, here);
  REQUIRE(down.exit_code == 0);
  CHECK_THAT(down.out, Catch::Contains("reverted:"));
  CHECK_THAT(run_vellum({"migrate", "status", "--json"}, here).out, Catch::Contains("\"applied\": false"));
}

TEST_CASE("migrate rejects a bad --to with a usage error") {
  TempDir cwd;
  auto result = run_vellum({"migrate", "up", "--to", "abc"}, ProcessOptions{cwd.path(), {}, {}});
  CHECK(result.exit_code == 2);
  CHECK_THAT(result.err, Catch::Contains("--to expects a migration number"));
}
