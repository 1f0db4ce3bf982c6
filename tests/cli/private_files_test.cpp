// What `vellum` writes is readable by its own user only, under the usual umask of 022 too: the data
// directory 0700; the database with its -wal and -shm, the admin token, backups and queue exports 0600.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <csignal>
#include <filesystem>

#include "support/process.hpp"
#include "support/temp_dir.hpp"

using vellum::test::ProcessOptions;
using vellum::test::RunningProcess;
using vellum::test::run_vellum;
using vellum::test::TempDir;

namespace {

mode_t mode_of(const std::filesystem::path& path) {
  struct stat info {};
  REQUIRE(::stat(path.c_str(), &info) == 0);
  return info.st_mode & 07777;
}

// The children inherit the umask of the test process.
struct Umask {
  mode_t previous;
  explicit Umask(mode_t mask) : previous(::umask(mask)) {}
  ~Umask() { ::umask(previous); }
};

}  // namespace

TEST_CASE("the data directory and every file vellum writes are private under umask 022") {
  Umask umask(022);
  TempDir cwd;
  const auto data = cwd / "data";
  RunningProcess server({"serve", "--host", "127.0.0.1", "--port", "0"}, ProcessOptions{cwd.path(), {}, {}});
  // Listening means migrated: the database has been written, and its -wal and -shm stay while the
  // server holds it open.
  REQUIRE(server.wait_for_output("listening on "));
  CHECK(mode_of(data) == 0700);
  CHECK(mode_of(data / "vellum.db") == 0600);
  CHECK(mode_of(data / "vellum.db-wal") == 0600);
  CHECK(mode_of(data / "vellum.db-shm") == 0600);
  CHECK(mode_of(data / "admin-token") == 0600);

  const auto backup = cwd / "vellum.bak";
  auto backed_up = run_vellum({"backup", backup.string()}, ProcessOptions{cwd.path(), {}, {}});
  INFO(backed_up.err);
  REQUIRE(backed_up.exit_code == 0);
  CHECK(mode_of(backup) == 0600);

  // An export overwrites a file that was readable by all, and leaves it readable by its owner only.
  const auto exported = cwd.write("queue.json", "old");
  REQUIRE(::chmod(exported.c_str(), 0644) == 0);
  auto written = run_vellum({"queue", "export", "--output", exported.string()}, ProcessOptions{cwd.path(), {}, {}});
  INFO(written.err);
  REQUIRE(written.exit_code == 0);
  CHECK(mode_of(exported) == 0600);

  server.signal(SIGTERM);
  CHECK(server.wait() == 0);
}

TEST_CASE("a data directory vellum creates is private down to its parents, one that exists keeps its mode") {
  Umask umask(022);
  TempDir cwd;
  cwd.write("vellum.yaml", "data_dir: nested/data\n");
  auto migrated = run_vellum({"migrate", "up"}, ProcessOptions{cwd.path(), {}, {}});
  INFO(migrated.err);
  REQUIRE(migrated.exit_code == 0);
  CHECK(mode_of(cwd / "nested") == 0700);
  CHECK(mode_of(cwd / "nested" / "data") == 0700);
  CHECK(mode_of(cwd / "nested" / "data" / "vellum.db") == 0600);

  // An operator's choice for a directory they made stands.
  std::filesystem::create_directory(cwd / "shared");
  REQUIRE(::chmod((cwd / "shared").c_str(), 0750) == 0);
  cwd.write("vellum.yaml", "data_dir: shared\n");
  REQUIRE(run_vellum({"migrate", "up"}, ProcessOptions{cwd.path(), {}, {}}).exit_code == 0);
  CHECK(mode_of(cwd / "shared") == 0750);
  CHECK(mode_of(cwd / "shared" / "vellum.db") == 0600);
}
