// vellum backup / restore / copy through the real binary. Each installation is seeded in-process
// with a bit of everything, then compared line by line (ids aside) with where its data went.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <fstream>

#include "installation.hpp"

using vellum::test::Installation;
using vellum::test::seed;
using vellum::test::snapshot;
using vellum::test::TempDir;

namespace {

void copy_ok(Installation& from, Installation& to) {
  from.close();
  to.close();
  auto copied = from.vellum({"copy", "--from", from.config_file(), "--to", to.config_file()});
  INFO(copied.err);
  REQUIRE(copied.exit_code == 0);
  CHECK_THAT(copied.out, Catch::StartsWith("copied 3 articles, 6 versions, 1 tokens, 1 embedding sets with 4 chunks, "
                                           "3 tasks, 1 settings"));
}

mode_t mode_of(const std::string& file) {
  struct stat info {};
  REQUIRE(::stat(file.c_str(), &info) == 0);
  return info.st_mode & 07777;
}

void backup_and_restore(const std::string& backend) {
  // A backup holds everything the database does: readable by its owner only, under umask 022 too
  // (SQLite and pg_dump would both create it 0644). `vellum` inherits this process's umask.
  const mode_t umask_before = ::umask(022);
  struct RestoreUmask {
    mode_t mask;
    ~RestoreUmask() { ::umask(mask); }
  } restore_umask{umask_before};
  Installation source(backend);
  seed(source.storage());
  const auto before = snapshot(source.storage());
  source.close();
  TempDir files("vellum-backups");
  const auto file = (files / "vellum.backup").string();
  auto backed_up = source.vellum({"backup", file});
  INFO(backed_up.err);
  REQUIRE(backed_up.exit_code == 0);
  CHECK(mode_of(file) == 0600);

  // Not empty: refused without --confirm, and nothing was touched.
  auto refused = source.vellum({"restore", file});
  CHECK(refused.exit_code == 1);
  CHECK_THAT(refused.err, Catch::Contains("not empty") && Catch::Contains("--confirm"));

  // Changed after the backup, then restored over: the backup's state comes back.
  vellum::sdk::AccessToken extra{0, "later", "read-only", std::string(64, 'b'), "bbbb", {}, {}};
  REQUIRE(source.storage().transact([&](vellum::sdk::Repositories& r) -> vellum::sdk::Status {
    auto inserted = r.tokens().insert(extra);
    if (!inserted) return inserted.error();
    return {};
  }).ok());
  source.close();
  auto restored = source.vellum({"restore", file, "--confirm"});
  INFO(restored.err);
  REQUIRE(restored.exit_code == 0);
  CHECK_THAT(restored.out, Catch::Contains("3 articles"));
  CHECK(snapshot(source.storage()) == before);
}

}  // namespace

TEST_CASE("copy moves everything from one SQLite installation into an empty one") {
  Installation from("sqlite"), to("sqlite");
  seed(from.storage());
  const auto expected = snapshot(from.storage());
  copy_ok(from, to);
  CHECK(snapshot(to.storage()) == expected);
}

TEST_CASE("copy refuses a target that already holds data") {
  Installation from("sqlite"), to("sqlite");
  seed(from.storage());
  seed(to.storage());
  from.close();
  to.close();
  auto refused = from.vellum({"copy", "--from", from.config_file(), "--to", to.config_file()});
  CHECK(refused.exit_code == 1);
  CHECK_THAT(refused.err, Catch::Contains("not empty"));
  CHECK(from.vellum({"copy", "--from", from.config_file()}).exit_code == 2);
}

TEST_CASE("backup and restore an SQLite database") { backup_and_restore("sqlite"); }

TEST_CASE("restore into an empty SQLite installation, and refuse a file that is no backup") {
  Installation source("sqlite"), fresh("sqlite");
  seed(source.storage());
  const auto expected = snapshot(source.storage());
  source.close();
  TempDir files("vellum-backups");
  const auto file = (files / "a.db").string();
  REQUIRE(source.vellum({"backup", file}).exit_code == 0);
  auto restored = fresh.vellum({"restore", file});
  INFO(restored.err);
  REQUIRE(restored.exit_code == 0);
  CHECK(snapshot(fresh.storage()) == expected);

  const auto junk = files.write("junk.db", "not a database");
  Installation empty("sqlite");
  auto refused = empty.vellum({"restore", junk.string()});
  CHECK(refused.exit_code == 1);
  CHECK_THAT(refused.err, Catch::Contains("not an SQLite database"));
  CHECK(empty.vellum({"restore", (files / "missing").string()}).exit_code == 1);
}

TEST_CASE("backup and restore a PostgreSQL schema with pg_dump and pg_restore", "[postgres]") {
  backup_and_restore("postgres");
}

TEST_CASE("copy SQLite to PostgreSQL and back loses nothing", "[postgres]") {
  Installation sqlite("sqlite"), postgres("postgres"), back("sqlite");
  seed(sqlite.storage());
  const auto expected = snapshot(sqlite.storage());
  copy_ok(sqlite, postgres);
  CHECK(snapshot(postgres.storage()) == expected);
  copy_ok(postgres, back);
  CHECK(snapshot(back.storage()) == expected);
}
