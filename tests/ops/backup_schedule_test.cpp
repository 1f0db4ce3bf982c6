// Backups on a schedule (docs/operations.md, "Prevention"): `vellum backup --label L --keep N` names
// backups in <data_dir>/backups and prunes them per label; the newest backup's time reaches /metrics.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <regex>

#include "ops/ops_rig.hpp"

using namespace vellum::test;

namespace {

std::vector<std::string> backups_in(const std::filesystem::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

std::size_t count_with(const std::vector<std::string>& names, const std::string& part) {
  return static_cast<std::size_t>(
      std::count_if(names.begin(), names.end(), [&](const std::string& n) { return n.find(part) != std::string::npos; }));
}

}  // namespace

TEST_CASE("vellum backup --label --keep names backups by time and label and prunes per label", "[ops]") {
  OpsRig rig;
  rig.start();
  rig.create_article("Backed Up", "# Backed Up\ntext that must survive");
  CHECK_THAT(rig.get("/metrics").body, Catch::Contains("vellum_backup_last_success_timestamp_seconds 0\n"));

  auto first = rig.vellum({"backup", "--label", "pre-deployment"});
  INFO(first.err);
  REQUIRE(first.exit_code == 0);
  CHECK_THAT(first.out, Catch::Contains("backed up sqlite database to ") && Catch::Contains("-pre-deployment.sqlite"));
  for (int i = 0; i < 3; ++i) REQUIRE(rig.vellum({"backup", "--label", "scheduled", "--keep", "2"}).exit_code == 0);
  auto unlabeled = rig.vellum({"backup", "--keep", "1"});
  REQUIRE(unlabeled.exit_code == 0);

  const auto dir = rig.dir() / "data" / "backups";
  CHECK((std::filesystem::status(dir).permissions() & std::filesystem::perms::all) == std::filesystem::perms::owner_all);
  const auto names = backups_in(dir);
  INFO(::Catch::Detail::stringify(names));
  REQUIRE(names.size() == 4);  // the pre-deployment one, the newest two scheduled, the unlabeled one
  CHECK(count_with(names, "-pre-deployment.sqlite") == 1);
  CHECK(count_with(names, "-scheduled.sqlite") == 2);
  const std::regex name(R"(vellum-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.\d{3}Z(-[a-z-]+)?\.sqlite)");
  for (const auto& n : names) CHECK(std::regex_match(n, name));

  // The newest backup is recorded where /metrics reads it.
  const auto metrics = rig.get("/metrics").body;
  CHECK_THAT(metrics, Catch::Contains("vellum_backup_age_seconds ") && Catch::Contains("vellum_backup_size_bytes "));
  CHECK_THAT(metrics, !Catch::Contains("vellum_backup_last_success_timestamp_seconds 0\n"));

  // Each backup restores: the last unlabeled one into a fresh data directory.
  std::string newest_unlabeled;
  for (const auto& n : names) {
    if (n.find("-pre-deployment") == std::string::npos && n.find("-scheduled") == std::string::npos) newest_unlabeled = n;
  }
  REQUIRE_FALSE(newest_unlabeled.empty());
  // Not under the running server's feet: it, and its worker, are named.
  auto under_feet = rig.vellum({"restore", (dir / newest_unlabeled).string(), "--confirm"});
  CHECK(under_feet.exit_code == 1);
  CHECK_THAT(under_feet.err, Catch::Contains("refusing to restore while servers use this database") &&
                                 Catch::Contains("vellum serve at http://127.0.0.1:") &&
                                 Catch::Contains("queue worker "));
  OpsRig other;
  auto restored = other.vellum({"restore", (dir / newest_unlabeled).string()});
  INFO(restored.err);
  CHECK(restored.exit_code == 0);
  CHECK_THAT(restored.out, Catch::Contains("1 article"));
}

TEST_CASE("vellum backup refuses labels it cannot put in a file name, and --label/--keep with a FILE", "[ops]") {
  OpsRig rig;
  auto bad = rig.vellum({"backup", "--label", "../escape"});
  CHECK(bad.exit_code == 2);
  CHECK_THAT(bad.err, Catch::Contains("--label expects 1 to 64 letters, digits, '.', '_' or '-', got '../escape'"));
  auto with_file = rig.vellum({"backup", "out.sqlite", "--keep", "3"});
  CHECK(with_file.exit_code == 2);
  CHECK_THAT(with_file.err, Catch::Contains("give no FILE"));
  auto keep = rig.vellum({"backup", "--keep", "0"});
  CHECK(keep.exit_code == 2);
  CHECK_THAT(keep.err, Catch::Contains("--keep expects a whole number from 1 to 10000, got '0'"));
  CHECK_FALSE(std::filesystem::exists(rig.dir() / "data" / "backups"));
}
