// SQLite-specific checks, outside the interface: the operators' SQL from the rollback guide works on
// the file, the schema after up → down → up equals a fresh install, values are stored the way
// operators and other tools read them, busy databases are retried, and the settings table works.
#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <chrono>
#include <filesystem>
#include <span>
#include <stdexcept>
#include <thread>

#include "config/plugin_settings.hpp"
#include "plugins/plugin_library.hpp"
#include "storage/backend_fixture.hpp"
#include "storage/storage_test_helpers.hpp"
#include "support/temp_dir.hpp"
#include "support/test_host_context.hpp"

using namespace vellum;
using namespace vellum::test;

namespace {

// A plain sqlite3 connection to the backend's file, as an operator's `sqlite3 vellum.db` would be.
class RawDb {
 public:
  explicit RawDb(const std::string& path) {
    if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK) throw std::runtime_error("cannot open " + path);
    sqlite3_busy_timeout(db_, 5000);
  }
  ~RawDb() { sqlite3_close(db_); }
  RawDb(const RawDb&) = delete;
  RawDb& operator=(const RawDb&) = delete;

  void exec(const std::string& sql) {
    char* message = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
      std::string text = message ? message : "?";
      sqlite3_free(message);
      FAIL("SQL failed: " << sql << ": " << text);
    }
  }
  // false (nothing changed) when SQLite refuses the statement.
  bool try_exec(const std::string& sql) { return sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK; }
  // Every row of the result, columns joined by '|'.
  std::vector<std::string> rows(const std::string& sql) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) FAIL("prepare failed: " << sql);
    std::vector<std::string> out;
    while (sqlite3_step(st) == SQLITE_ROW) {
      std::string row;
      for (int i = 0; i < sqlite3_column_count(st); ++i) {
        if (i) row += '|';
        const auto* text = sqlite3_column_text(st, i);
        row += text ? reinterpret_cast<const char*>(text) : "NULL";
      }
      out.push_back(row);
    }
    sqlite3_finalize(st);
    return out;
  }
  std::string one(const std::string& sql) {
    auto r = rows(sql);
    return r.empty() ? std::string("<no row>") : r.front();
  }

 private:
  sqlite3* db_ = nullptr;
};

std::string db_path(const StorageFixture& fx) { return fx.target().settings().at("path").text; }

std::vector<std::string> schema(RawDb& db) {
  return db.rows("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name");
}

}  // namespace

TEST_CASE("sqlite: operators pause the worker with plain SQL and control() sees it", "[storage][sqlite]") {
  StorageFixture fx;
  RawDb db(db_path(fx));
  CHECK(db.one("SELECT is_running FROM embedding_worker_status WHERE id = 1") == "1");

  db.exec("UPDATE embedding_worker_status SET is_running = 0");
  CHECK_FALSE(ok(read(fx.backend(), [](sdk::Repositories& r) { return r.workers().control(); })).is_running);

  db.exec("UPDATE embedding_worker_status SET is_running = 1");
  CHECK(ok(read(fx.backend(), [](sdk::Repositories& r) { return r.workers().control(); })).is_running);

  // The rollback guide's upsert, verbatim.
  db.exec("INSERT INTO embedding_worker_status (id, is_running) VALUES (1, false) "
          "ON CONFLICT (id) DO UPDATE SET is_running = false");
  CHECK_FALSE(ok(read(fx.backend(), [](sdk::Repositories& r) { return r.workers().control(); })).is_running);

  // It also recreates a deleted control row.
  db.exec("DELETE FROM embedding_worker_status WHERE id = 1");
  CHECK(ok(read(fx.backend(), [](sdk::Repositories& r) { return r.workers().control(); })).is_running);
  db.exec("INSERT INTO embedding_worker_status (id, is_running) VALUES (1, false) "
          "ON CONFLICT (id) DO UPDATE SET is_running = false");
  CHECK_FALSE(ok(read(fx.backend(), [](sdk::Repositories& r) { return r.workers().control(); })).is_running);
}

TEST_CASE("sqlite: the emergency-stop SQL wins over the worker's late result", "[storage][sqlite]") {
  StorageFixture fx;
  const auto a = add_article(fx.backend(), draft("a"));
  sdk::TaskDraft t;
  t.article_id = a.id;
  t.slug = a.slug;
  t.now = at(1);
  t.metadata_json = R"({"reason":"migration"})";
  ok(write(fx.backend(), [&](sdk::Repositories& r) { return r.tasks().enqueue(t); }));
  auto claimed = ok(write(fx.backend(), [](sdk::Repositories& r) {
    return r.tasks().claim_batch("w1", 1, at(2), std::chrono::seconds(60));
  }));
  REQUIRE(claimed.size() == 1);

  RawDb db(db_path(fx));
  CHECK(db.one("SELECT COUNT(*) FROM embedding_tasks WHERE json_extract(metadata, '$.reason') = 'migration' "
               "AND status IN ('pending', 'processing')") == "1");
  db.exec("UPDATE embedding_tasks SET status = 'failed', error_message = 'Emergency stop initiated', "
          "completed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE status = 'processing'");
  CHECK(db.one("SELECT COUNT(*) FROM embedding_tasks WHERE status = 'processing'") == "0");
  CHECK_FALSE(ok(write(fx.backend(), [&](sdk::Repositories& r) { return r.tasks().complete(claimed[0].id, "w1", at(3)); })));
}

TEST_CASE("sqlite: the operations guide's cancel SQL stores a cancellation that retry_failed leaves alone",
          "[storage][sqlite][cancel]") {
  StorageFixture fx;
  for (const char* slug : {"low", "normal"}) {
    const auto a = add_article(fx.backend(), draft(slug));
    sdk::TaskDraft t;
    t.article_id = a.id;
    t.slug = a.slug;
    t.now = at(1);
    t.priority = std::string(slug) == "low" ? sdk::TaskPriority::low : sdk::TaskPriority::normal;
    ok(write(fx.backend(), [&](sdk::Repositories& r) { return r.tasks().enqueue(t); }));
  }
  RawDb db(db_path(fx));
  // docs/operations.md, "Resource exhaustion recovery", in SQLite's words.
  db.exec("UPDATE embedding_tasks SET status = 'cancelled', error_message = 'Resource conservation - low priority "
          "task cancelled', completed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE status = 'pending' AND "
          "priority = 'low'");
  const auto counts = ok(read(fx.backend(), [](sdk::Repositories& r) { return r.tasks().counts(); }));
  CHECK(counts.by_status.at("cancelled") == 1);
  CHECK(counts.by_status.at("pending") == 1);
  CHECK(counts.by_status.at("failed") == 0);
  CHECK(ok(write(fx.backend(), [](sdk::Repositories& r) { return r.tasks().retry_failed({}, at(2)); })).empty());
  // A misspelt status is refused by the table, not stored.
  CHECK(db.one("SELECT COUNT(*) FROM embedding_tasks WHERE status = 'cancelled'") == "1");
  CHECK_FALSE(db.try_exec("UPDATE embedding_tasks SET status = 'canceled'"));
}

TEST_CASE("sqlite: up → down(0) → up leaves exactly the schema of a fresh install", "[storage][sqlite][migrations]") {
  StorageFixture fresh;
  StorageFixture cycled;
  add_article(cycled.backend(), draft("x"));
  ok(cycled.backend().migrations().down(0));
  {
    RawDb db(db_path(cycled));
    // Only the runner's own bookkeeping (and SQLite's sequence table) is left.
    for (const auto& row : db.rows("SELECT name FROM sqlite_master WHERE type = 'table'"))
      CHECK((row == "schema_migrations" || row == "sqlite_sequence"));
    CHECK(db.one("SELECT COUNT(*) FROM sqlite_master WHERE type IN ('index', 'trigger')") == "0");
  }
  ok(cycled.backend().migrations().up(std::nullopt));
  RawDb a(db_path(fresh));
  RawDb b(db_path(cycled));
  const auto fresh_schema = schema(a);
  CHECK(fresh_schema.size() > 20);
  CHECK(schema(b) == fresh_schema);
}

TEST_CASE("sqlite: values are stored as operators and other tools expect", "[storage][sqlite]") {
  StorageFixture fx;
  const auto a = add_article(fx.backend(), draft("a", "A", "x", "", at(10.25)));
  auto set = ok(write(fx.backend(), [](sdk::Repositories& r) { return r.embedding_sets().find_or_create("p", "m", 768, at(0)); }));
  sdk::Chunk c;
  c.chunk_id = "a.md#0";
  c.text = "t";
  c.heading_path = {"# A"};
  c.vector.assign(768, 0.0f);
  c.vector[0] = 1.0f;  // little-endian 1.0f is 00 00 80 3F
  ok(write(fx.backend(), [&](sdk::Repositories& r) { return r.chunks().replace_article_chunks(set.id, a.id, {c}); }));

  RawDb db(db_path(fx));
  CHECK(db.one("SELECT created_at FROM articles") == "2025-01-01T00:00:10.250Z");
  CHECK(db.one("SELECT typeof(vector), length(vector), hex(substr(vector, 1, 4)) FROM embeddings") == "blob|3072|0000803F");
  CHECK(db.one("SELECT heading_path FROM embeddings") == R"(["# A"])");
  CHECK(db.one("PRAGMA journal_mode") == "wal");
  CHECK(db.one("PRAGMA foreign_key_list(embeddings)").find("articles") != std::string::npos);
  // Defaults written by SQLite itself use the same format.
  db.exec("INSERT INTO settings (key, value) VALUES ('k', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))");
  CHECK(db.one("SELECT length(value) FROM settings WHERE key = 'k'") == "24");
}

TEST_CASE("sqlite: a write blocked by another process is retried until the lock goes", "[storage][sqlite][transactions]") {
  StorageFixture fx({{"busy_timeout_ms", {"20", "test"}}});
  RawDb other(db_path(fx));
  other.exec("BEGIN IMMEDIATE");
  std::thread release([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    other.exec("COMMIT");
  });
  const auto started = std::chrono::steady_clock::now();
  add_article(fx.backend(), draft("patient"));
  release.join();
  CHECK(std::chrono::steady_clock::now() - started >= std::chrono::milliseconds(250));
  CHECK(fx.host().metric_total("storage_transaction_retries") > 0);
}

TEST_CASE("sqlite: a lock held longer than every retry gives a transient error", "[storage][sqlite][transactions]") {
  StorageFixture fx({{"busy_timeout_ms", {"0", "test"}}});
  RawDb other(db_path(fx));
  other.exec("BEGIN IMMEDIATE");
  auto blocked = write(fx.backend(), [](sdk::Repositories& r) { return r.articles().insert(draft("never")); });
  other.exec("COMMIT");
  REQUIRE_FALSE(blocked.ok());
  CHECK(blocked.error().kind == sdk::ErrorKind::transient);
  CHECK(blocked.error().retryable);
  CHECK(blocked.error().message.find("busy") != std::string::npos);
}

// The backend keeps its statements prepared between transactions. A kept query that was read only to
// its first row would stay active and hold a read snapshot on its connection, so no checkpoint could
// ever empty the WAL, which would grow without bound.
TEST_CASE("sqlite: kept statements hold no snapshot: a checkpoint can truncate the WAL", "[storage][sqlite]") {
  StorageFixture fx;
  std::vector<sdk::ArticleId> ids;
  for (int i = 0; i < 5; ++i) ids.push_back(add_article(fx.backend(), draft("kept-" + std::to_string(i))).id);
  for (int round = 0; round < 3; ++round) {  // single-row reads: an article, a count, a max
    for (auto id : ids) {
      CHECK(ok(read(fx.backend(), [&](sdk::Repositories& r) { return r.articles().find_by_id(id); })).has_value());
    }
    CHECK(ok(read(fx.backend(), [](sdk::Repositories& r) { return r.articles().count({}); })) == 5);
    CHECK(ok(read(fx.backend(), [](sdk::Repositories& r) { return r.chunks().latest_change_seq(); })) == 0);
  }
  RawDb operator_db(db_path(fx));
  // busy | WAL frames | frames checkpointed: busy 0 and an empty WAL mean no reader held it.
  CHECK(operator_db.one("PRAGMA wal_checkpoint(TRUNCATE)") == "0|0|0");
  // And the kept statements still run after the checkpoint.
  CHECK(ok(read(fx.backend(), [&](sdk::Repositories& r) { return r.articles().find_by_id(ids.front()); }))->slug ==
        "kept-0");
}

namespace {

// How SQLite runs `query` on a fresh database of the fixture: its EXPLAIN QUERY PLAN, one line per step.
std::string query_plan(const std::string& query) {
  StorageFixture fx;
  RawDb db(db_path(fx));
  std::string text;
  for (const auto& row : db.rows("EXPLAIN QUERY PLAN " + query)) text += row + "\n";
  return text;
}

}  // namespace

// The claim (SqlTaskRepository::claim_batch, through SqliteDialect::due_tasks_index_hint) reads the
// due tasks from idx_embedding_tasks_due in claim order. If the index and the ORDER BY ever differ,
// every claim sorts all pending tasks again: 50 ms per claim at 100,000 pending.
TEST_CASE("sqlite: the claim's order is the due-task index's order, with no sort", "[storage][sqlite]") {
  const auto plan = query_plan(
      "SELECT id FROM embedding_tasks INDEXED BY idx_embedding_tasks_due "
      "WHERE status = 'pending' AND scheduled_at <= '2100-01-01' ORDER BY "
      "(CASE priority WHEN 'high' THEN 0 WHEN 'normal' THEN 1 ELSE 2 END), scheduled_at, created_at, id LIMIT 20");
  CHECK_THAT(plan, Catch::Contains("idx_embedding_tasks_due"));
  CHECK_THAT(plan, !Catch::Contains("TEMP B-TREE"));
}

// The article list's order (SqlArticleRepository::list): sorting its ties needed every row up to
// the page's end read whole, content included.
TEST_CASE("sqlite: an article list page walks the listing index, with no sort", "[storage][sqlite]") {
  const auto plan = query_plan(
      "SELECT a.id, a.slug, a.title FROM articles a WHERE 1 = 1 ORDER BY a.updated_at DESC, a.id DESC "
      "LIMIT 50 OFFSET 900");
  CHECK_THAT(plan, Catch::Contains("idx_articles_listing"));
  CHECK_THAT(plan, !Catch::Contains("TEMP B-TREE"));
}

TEST_CASE("sqlite: settings — relative path under the data directory, journal mode, bad path", "[storage][sqlite]") {
  TempDir dir("vellum-sqlite-settings");
  TestHostContext host(dir.path().string());
  auto library = plugins::PluginLibrary::open(std::string(VELLUM_TEST_PLUGIN_DIR) + "/vellum-storage-sqlite.so");
  REQUIRE(library.ok());
  CHECK(library.value()->manifest().name == "sqlite");
  CHECK(library.value()->manifest().slot == sdk::Slot::storage);
  const auto& options = library.value()->manifest().options;
  auto make = [&](const Settings& settings) {
    auto config = config::build_plugin_config("storage.sqlite", std::span<const sdk::ConfigOption>(options), settings);
    REQUIRE(config.ok());
    return library.value()->create<sdk::Slot::storage>(config.value(), host);
  };

  {
    auto backend = make({{"path", {"nested/dir/store.db", "test"}}, {"journal_mode", {"delete", "test"}},
                         {"synchronous", {"full", "test"}}, {"pool_size", {"1", "test"}}});
    REQUIRE(backend.ok());
    const auto file = dir.path() / "nested/dir/store.db";
    CHECK(std::filesystem::exists(file));
    CHECK(backend.value()->describe().location == file.string());
    CHECK(backend.value()->describe().backend == "sqlite");
    add_article(*backend.value(), draft("one-connection"));
    RawDb db(file.string());
    CHECK(db.one("PRAGMA journal_mode") == "delete");
  }
  {
    auto backend = make({{"path", {"manual.db", "test"}}, {"auto_migrate", {"false", "test"}}});
    REQUIRE(backend.ok());
    auto steps = ok(backend.value()->migrations().status());
    for (const auto& step : steps) CHECK_FALSE(step.applied);
    ok(backend.value()->migrations().up(std::nullopt));
    add_article(*backend.value(), draft("migrated-by-hand"));
  }
  {
    std::filesystem::create_directories(dir.path() / "a-directory.db");
    auto backend = make({{"path", {"a-directory.db", "test"}}});
    REQUIRE_FALSE(backend.ok());
    CHECK(backend.error().message.find("a-directory.db") != std::string::npos);
  }
  {
    auto bad = config::build_plugin_config("storage.sqlite", std::span<const sdk::ConfigOption>(options),
                                           {{"journal_mode", {"memory", "test"}}});
    CHECK_FALSE(bad.ok());
  }
}
