// A reload that changes storage.* switches a running server onto another database only when that
// database holds the same dataset, as current as the one served (issue 13, item 1). Everything else —
// an empty database, another dataset, a copy left behind — is refused before anything is written to
// it, and the server keeps answering from its own data; `vellum reload --new-dataset` takes an empty
// or foreign database on purpose.
#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <filesystem>

#include "common/crypto.hpp"
#include "ops/ops_rig.hpp"
#if VELLUM_OPS_POSTGRES
#include "pg_connection.hpp"
#endif

using namespace vellum::test;

namespace {

// The tables of a SQLite file, or -1 when the file does not exist (SQLite would create it).
int sqlite_tables(const std::filesystem::path& file) {
  if (!std::filesystem::exists(file)) return -1;
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'", -1, &st, nullptr) ==
          SQLITE_OK);
  REQUIRE(sqlite3_step(st) == SQLITE_ROW);
  const int count = sqlite3_column_int(st, 0);
  sqlite3_finalize(st);
  sqlite3_close(db);
  return count;
}

std::string sqlite_at(const std::string& file) { return "  backend: sqlite\n  sqlite:\n    path: " + file + "\n"; }

OpsOptions on_storage(const std::string& storage_yaml) {
  OpsOptions options;
  options.storage_yaml = storage_yaml;
  return options;
}

// `vellum reload` is refused (exit 1) and the reason says `needle`, names the way to move and the
// flag for a fresh start.
void refused(OpsRig& rig, const std::string& needle, const std::vector<std::string>& args = {"reload"}) {
  const auto answer = rig.vellum(args);
  INFO(answer.out << answer.err);
  CHECK(answer.exit_code == 1);
  CHECK_THAT(answer.err, Catch::Contains("reload refused") && Catch::Contains(needle) &&
                             Catch::Contains("vellum copy --from") && Catch::Contains("--new-dataset"));
}

std::string slug_of(const HttpResult& created) { return created.json()["filename"].get<std::string>(); }

}  // namespace

TEST_CASE("a reload onto an empty or foreign SQLite database is refused and leaves it as it was", "[ops]") {
  OpsRig rig;
  rig.start();
  const auto kept = rig.post("/api/articles", {{"title", "Kept"}, {"content", "# Kept\nStays served."}});
  REQUIRE(kept.status == 201);
  const auto kept_path = "/api/articles/" + slug_of(kept);
  const auto data = rig.dir().path() / "data";

  SECTION("an empty database") {
    rig.write_config(on_storage(sqlite_at("empty.db")));
    refused(rig, "it is empty");
    CHECK(sqlite_tables(data / "empty.db") <= 0);  // no migration ran on it
    CHECK(rig.get(kept_path).status == 200);
    CHECK(rig.get("/api/admin/runtime").json()["generation"] == 1);

    // On purpose: the server starts an empty dataset there.
    const auto taken = rig.vellum_json({"reload", "--new-dataset"});
    CHECK(taken["outcome"] == "applied");
    CHECK(sqlite_tables(data / "empty.db") > 0);
    CHECK(rig.get(kept_path).status == 404);
    CHECK(rig.post("/api/articles", {{"title", "Fresh"}, {"content", "# Fresh\nA new start."}}).status == 201);
  }

  SECTION("another dataset") {
    rig.write_config(on_storage(sqlite_at("foreign.db")));
    REQUIRE(rig.vellum({"migrate", "up"}).exit_code == 0);  // a database of its own, with its own id
    const int tables = sqlite_tables(data / "foreign.db");
    refused(rig, "it holds another dataset");
    CHECK(sqlite_tables(data / "foreign.db") == tables);
    CHECK(rig.get(kept_path).status == 200);
  }

  SECTION("a bad newDataset value is a 400, not a reload") {
    const auto bad = rig.post("/api/admin/reload?newDataset=maybe", nlohmann::json::object());
    CHECK(bad.status == 400);
    CHECK_THAT(bad.body, Catch::Contains("newDataset must be true or false"));
  }
}

TEST_CASE("a current copy is taken, and going back to a copy left behind is refused: the writes made since stay served",
          "[ops]") {
  OpsRig rig;
  rig.start();
  REQUIRE(rig.post("/api/articles", {{"title", "Before"}, {"content", "# Before\nCopied."}}).status == 201);
  REQUIRE(rig.vellum({"queue", "wait-for-completion", "--timeout", "30"}).exit_code == 0);
  rig.stop();

  rig.dir().write("copy.yaml", "data_dir: data\nstorage:\n" + sqlite_at("copy.db") +
                                   "embedding:\n  provider: local\n  local:\n    dimensions: 64\n");
  const auto copied = rig.vellum({"copy", "--from", "vellum.yaml", "--to", "copy.yaml"});
  INFO(copied.out << copied.err);
  REQUIRE(copied.exit_code == 0);

  rig.start();
  rig.write_config(on_storage(sqlite_at("copy.db")));
  CHECK(rig.vellum_json({"reload"})["outcome"] == "applied");
  const auto after = rig.post("/api/articles", {{"title", "After"}, {"content", "# After\nWritten on the copy."}});
  REQUIRE(after.status == 201);

  // vellum.db has not seen "After": switching back would hide it.
  rig.write_config(on_storage(sqlite_at("vellum.db")));
  refused(rig, "it is not a current copy of the running database");
  CHECK(rig.get("/api/articles/" + slug_of(after)).status == 200);
}

#if VELLUM_OPS_POSTGRES
TEST_CASE("a reload from SQLite onto an empty PostgreSQL schema is refused and creates nothing there",
          "[ops][postgres]") {
  if (postgres_url().empty()) {
    WARN("VELLUM_TEST_PG_URL is not set: the PostgreSQL pass of storage admission is SKIPPED");
    return;
  }
  const std::string schema = "vellum_admit_" + vellum::random_hex(6);
  PgConnection pg(postgres_url());
  auto tables_there = [&] {
    return pg.one("SELECT COUNT(*) FROM pg_tables WHERE schemaname = '" + schema + "'");
  };
  {
    OpsRig rig;
    rig.start();
    REQUIRE(rig.post("/api/articles", {{"title", "Kept"}, {"content", "# Kept\nOn SQLite."}}).status == 201);
    rig.write_config(on_storage("  backend: postgres\n  postgres:\n    url: \"" + postgres_url() +
                                "\"\n    schema: " + schema + "\n"));
    refused(rig, "it is empty");
    CHECK(tables_there() == "0");
    CHECK(pg.one("SELECT COUNT(*) FROM pg_namespace WHERE nspname = '" + schema + "'") == "0");

    CHECK(rig.vellum_json({"reload", "--new-dataset"})["outcome"] == "applied");
    CHECK(tables_there() != "0");
  }
  pg.exec("DROP SCHEMA " + quote_ident(schema) + " CASCADE");
}
#endif
