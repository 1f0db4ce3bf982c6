// The operators' rollback guide (ROLLBACK_PROCEDURES) on PostgreSQL: every UPDATE, SELECT and INSERT
// it contains runs verbatim, from a psql-like connection, against data the backend wrote — and has
// the effect the guide promises, as the backend's own repositories then report it.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <span>
#include <stdexcept>

#include "config/plugin_settings.hpp"
#include "connection_target.hpp"
#include "plugins/plugin_library.hpp"
#include "storage/backend_fixture.hpp"
#include "storage/pg_connection.hpp"
#include "storage/postgres_target.hpp"
#include "storage/storage_test_helpers.hpp"

using namespace vellum;
using namespace vellum::test;

namespace {

// ---- the guide's statements, verbatim (section names as in the guide) ----

// Scenario 3, "Verify Migration Rollback".
constexpr const char* kCountMigrationTasks =
    "SELECT COUNT(*) FROM embedding_tasks WHERE metadata->>'reason' = 'migration' AND status IN ('pending', "
    "'processing');";
// Scenario 4, "Clear Provider-Specific Tasks".
constexpr const char* kClearProviderTasks =
    "UPDATE embedding_tasks SET status = 'failed', error_message = 'Provider rollback - task cancelled' WHERE "
    "status = 'pending' AND created_at >= NOW() - INTERVAL '1 hour';";
// Emergency Stop, steps 2 and 3, and its verification.
constexpr const char* kStopWorkerFlag = "UPDATE embedding_worker_status SET is_running = false;";
constexpr const char* kKillProcessingTasks =
    "UPDATE embedding_tasks SET status = 'failed', error_message = 'Emergency stop initiated', completed_at = NOW() "
    "WHERE status = 'processing';";
constexpr const char* kCountProcessing = "SELECT COUNT(*) FROM embedding_tasks WHERE status = 'processing';";
// Data Corruption Recovery, "Immediate Isolation" steps 2 and 3.
constexpr const char* kAffectedArticles =
    "SELECT DISTINCT article_id, slug FROM embedding_tasks WHERE status = 'processing' AND processed_at >= NOW() - "
    "INTERVAL '1 hour';";
constexpr const char* kMarkForReview =
    "UPDATE articles SET metadata = COALESCE(metadata, '{}')::jsonb || '{\"needs_review\": true}'::jsonb WHERE id IN "
    "(SELECT DISTINCT article_id FROM embedding_tasks WHERE status = 'processing');";
// Data Corruption Recovery, "Data Recovery" step 2 (the guide's `?` is the article id).
constexpr const char* kLatestVersion =
    "SELECT title, content FROM article_versions WHERE article_id = ? ORDER BY created_at DESC LIMIT 1;";
// Resource Exhaustion Recovery, step 4.
constexpr const char* kClearLowPriority =
    "UPDATE embedding_tasks SET status = 'failed', error_message = 'Resource conservation - low priority task "
    "cancelled' WHERE status = 'pending' AND priority = 'low';";
// Complete System Removal, step 4 verification.
constexpr const char* kQueueTablesLeft =
    "SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'embedding_%';";
// Data Recovery, "Recover Queue State" and "Recover Article Data".
constexpr const char* kRestoreWorkerStatus =
    "INSERT INTO embedding_worker_status (id, is_running) VALUES (1, false) ON CONFLICT (id) DO UPDATE SET is_running "
    "= false;";
constexpr const char* kRecoverFromHistory =
    "SELECT a.id, a.slug, av.title, av.content FROM articles a JOIN article_versions av ON a.id = av.article_id WHERE "
    "av.version_number = ( SELECT MAX(version_number) FROM article_versions av2 WHERE av2.article_id = a.id );";

// ---- helpers ----

// The psql session an operator would open on the fixture's schema.
PgConnection operator_session(const StorageFixture& fx) {
  const auto settings = fx.target().settings();
  return PgConnection(settings.at("url").text, settings.at("schema").text);
}

sdk::Timestamp now() {
  return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

sdk::Task enqueue(sdk::StorageBackend& b, const sdk::Article& a, sdk::Timestamp when,
                  sdk::TaskPriority priority = sdk::TaskPriority::normal, std::string metadata = "{}") {
  sdk::TaskDraft t;
  t.article_id = a.id;
  t.slug = a.slug;
  t.now = when;
  t.priority = priority;
  t.metadata_json = std::move(metadata);
  return ok(write(b, [&](sdk::Repositories& r) { return r.tasks().enqueue(t); })).task;
}

std::vector<sdk::Task> claim(sdk::StorageBackend& b, const std::string& worker, std::size_t n) {
  return ok(write(b, [&](sdk::Repositories& r) { return r.tasks().claim_batch(worker, n, now(), std::chrono::minutes(5)); }));
}

sdk::Task task(sdk::StorageBackend& b, const std::string& id) {
  auto found = ok(read(b, [&](sdk::Repositories& r) { return r.tasks().get(id); }));
  REQUIRE(found);
  return *found;
}

bool running(sdk::StorageBackend& b) {
  return ok(read(b, [](sdk::Repositories& r) { return r.workers().control(); })).is_running;
}

}  // namespace

TEST_CASE("postgres: the guide's worker flag and control-row upsert pause the queue", "[storage][postgres][operator]") {
  StorageFixture fx;
  auto& b = fx.backend();
  sdk::WorkerHeartbeat beat;
  beat.worker_id = "host-a:1";
  beat.is_running = true;
  beat.started_at = beat.last_heartbeat = now();
  ok(write(b, [&](sdk::Repositories& r) { return r.workers().heartbeat(beat); }));
  auto db = operator_session(fx);
  CHECK(running(b));

  CHECK(db.exec(kStopWorkerFlag) == 2);  // the control row and the worker's own row
  CHECK_FALSE(running(b));
  CHECK_FALSE(ok(read(b, [](sdk::Repositories& r) { return r.workers().workers(); }))[0].is_running);

  ok(write(b, [](sdk::Repositories& r) { return r.workers().set_control(sdk::WorkerControl{}, now()); }));
  CHECK(running(b));
  CHECK(db.exec(kRestoreWorkerStatus) == 1);  // the upsert updates the existing control row…
  CHECK_FALSE(running(b));

  db.exec("DELETE FROM embedding_worker_status WHERE id = 1");
  CHECK(running(b));  // no control row reads as the default
  CHECK(db.exec(kRestoreWorkerStatus) == 1);  // …and recreates a deleted one
  CHECK_FALSE(running(b));
  CHECK(db.one("SELECT id, worker_id FROM embedding_worker_status ORDER BY id") == "1|NULL");
}

TEST_CASE("postgres: the guide's emergency stop and data-corruption isolation", "[storage][postgres][operator]") {
  StorageFixture fx;
  auto& b = fx.backend();
  auto d = draft("damaged");
  d.metadata_json = R"({"tags":["x"]})";
  const auto damaged = add_article(b, d);
  const auto healthy = add_article(b, draft("healthy"));
  enqueue(b, damaged, now());
  const auto waiting = enqueue(b, healthy, now() + std::chrono::minutes(10));  // not due yet: stays pending
  const auto claimed = claim(b, "w1", 5);
  REQUIRE(claimed.size() == 1);
  REQUIRE(claimed[0].article_id == damaged.id);
  auto db = operator_session(fx);

  CHECK(db.one(kCountProcessing) == "1");
  CHECK(db.rows(kAffectedArticles) == std::vector<std::string>{std::to_string(damaged.id) + "|damaged"});

  CHECK(db.exec(kMarkForReview) == 1);
  const auto reviewed = ok(read(b, [&](sdk::Repositories& r) { return r.articles().find_by_id(damaged.id); }));
  REQUIRE(reviewed);
  CHECK(reviewed->metadata_json == R"({"tags":["x"],"needs_review":true})");
  const auto untouched = ok(read(b, [&](sdk::Repositories& r) { return r.articles().find_by_id(healthy.id); }));
  REQUIRE(untouched);
  CHECK(untouched->metadata_json == "{}");

  CHECK(db.exec(kStopWorkerFlag) >= 1);
  CHECK(db.exec(kKillProcessingTasks) == 1);
  CHECK(db.one(kCountProcessing) == "0");
  const auto killed = task(b, claimed[0].id);
  CHECK(killed.status == sdk::TaskStatus::failed);
  CHECK(killed.error_message == std::optional<std::string>("Emergency stop initiated"));
  CHECK(killed.completed_at);
  CHECK(task(b, waiting.id).status == sdk::TaskStatus::pending);
  CHECK_FALSE(running(b));

  // The worker that still holds the task finishes late: every guarded transition answers false.
  CHECK_FALSE(ok(write(b, [&](sdk::Repositories& r) { return r.tasks().complete(claimed[0].id, "w1", now()); })));
  CHECK_FALSE(ok(write(b, [&](sdk::Repositories& r) { return r.tasks().fail(claimed[0].id, "w1", "late", now()); })));
  CHECK_FALSE(ok(write(b, [&](sdk::Repositories& r) {
    return r.tasks().extend_lease(claimed[0].id, "w1", now() + std::chrono::minutes(1));
  })));
  CHECK(task(b, claimed[0].id).error_message == std::optional<std::string>("Emergency stop initiated"));
}

TEST_CASE("postgres: the guide's migration, provider and resource rollbacks cancel the right tasks",
          "[storage][postgres][operator]") {
  StorageFixture fx;
  auto& b = fx.backend();
  std::vector<sdk::Article> articles;
  for (const char* slug : {"m1", "m2", "old-normal", "old-low", "recent"}) articles.push_back(add_article(b, draft(slug)));
  const auto m1 = enqueue(b, articles[0], now(), sdk::TaskPriority::normal, R"({"reason":"migration","batch":1})");
  enqueue(b, articles[1], now(), sdk::TaskPriority::normal, R"({"reason":"migration"})");
  const auto m2 = claim(b, "w1", 1);  // m1 or m2, whichever the claim order picks
  REQUIRE(m2.size() == 1);
  const auto old_normal = enqueue(b, articles[2], at(0));  // created long before the last hour
  const auto old_low = enqueue(b, articles[3], at(0), sdk::TaskPriority::low);
  const auto recent = enqueue(b, articles[4], now());
  auto db = operator_session(fx);

  // Migration rollback: cancel through the backend (the guide's `clear --reason migration`), then
  // the guide's verification query finds none left.
  CHECK(db.one(kCountMigrationTasks) == "2");
  sdk::TaskQuery migration;
  migration.reason = "migration";
  migration.statuses = {sdk::TaskStatus::pending, sdk::TaskStatus::processing};
  CHECK(ok(write(b, [&](sdk::Repositories& r) { return r.tasks().cancel(migration, "migration rolled back", now()); })) == 2);
  CHECK(db.one(kCountMigrationTasks) == "0");
  CHECK(task(b, m1.id).status == sdk::TaskStatus::cancelled);
  CHECK_FALSE(ok(write(b, [&](sdk::Repositories& r) { return r.tasks().complete(m2[0].id, "w1", now()); })));

  // Provider rollback: only pending tasks created within the hour.
  CHECK(db.exec(kClearProviderTasks) == 1);
  const auto cancelled = task(b, recent.id);
  CHECK(cancelled.status == sdk::TaskStatus::failed);
  CHECK(cancelled.error_message == std::optional<std::string>("Provider rollback - task cancelled"));
  CHECK_FALSE(cancelled.completed_at);  // the guide's statement leaves it unset; reading still works
  CHECK(task(b, old_normal.id).status == sdk::TaskStatus::pending);
  CHECK(task(b, old_low.id).status == sdk::TaskStatus::pending);

  // Resource relief: pending low-priority tasks only.
  CHECK(db.exec(kClearLowPriority) == 1);
  CHECK(task(b, old_low.id).status == sdk::TaskStatus::failed);
  CHECK(task(b, old_low.id).error_message ==
        std::optional<std::string>("Resource conservation - low priority task cancelled"));
  CHECK(task(b, old_normal.id).status == sdk::TaskStatus::pending);

  const auto counts = ok(read(b, [](sdk::Repositories& r) { return r.tasks().counts(); }));
  CHECK(counts.by_status.at("pending") == 1);
  CHECK(counts.by_status.at("failed") == 2);     // the guide's SQL writes failed
  CHECK(counts.by_status.at("cancelled") == 2);  // the backend's cancel writes cancelled
  // A task cancelled by hand can be retried through the backend like any failed one.
  CHECK(ok(write(b, [&](sdk::Repositories& r) { return r.tasks().retry(recent.id, false, now()); })));
  CHECK(task(b, recent.id).status == sdk::TaskStatus::pending);
}

TEST_CASE("postgres: the operations guide's cancel SQL stores a cancellation that retry_failed leaves alone",
          "[storage][postgres][operator][cancel]") {
  StorageFixture fx;
  auto& b = fx.backend();
  const auto recent = enqueue(b, add_article(b, draft("recent")), now());
  const auto old = enqueue(b, add_article(b, draft("old")), at(0));
  auto db = operator_session(fx);
  // docs/operations.md, scenario 4: the guide's statement with status 'cancelled' and completed_at.
  CHECK(db.exec("UPDATE embedding_tasks SET status = 'cancelled', error_message = 'Provider rollback - task "
                "cancelled', completed_at = NOW() WHERE status = 'pending' AND created_at >= NOW() - INTERVAL "
                "'1 hour';") == 1);
  CHECK(task(b, recent.id).status == sdk::TaskStatus::cancelled);
  CHECK(task(b, recent.id).completed_at);
  CHECK(task(b, old.id).status == sdk::TaskStatus::pending);
  const auto counts = ok(read(b, [](sdk::Repositories& r) { return r.tasks().counts(); }));
  CHECK(counts.by_status.at("cancelled") == 1);
  CHECK(counts.by_status.at("failed") == 0);
  CHECK(ok(write(b, [](sdk::Repositories& r) { return r.tasks().retry_failed({}, now()); })).empty());
  // A misspelt status is refused by the table's CHECK constraint.
  CHECK_THROWS(db.exec("UPDATE embedding_tasks SET status = 'canceled';"));
}

TEST_CASE("postgres: the guide's version-history recovery reads the newest versions", "[storage][postgres][operator]") {
  StorageFixture fx;
  auto& b = fx.backend();
  const auto a = add_article(b, draft("a"));
  const auto c = add_article(b, draft("c"));
  auto append = [&](const sdk::Article& article, const std::string& title, const std::string& content, double t) {
    sdk::ArticleVersion v;
    v.article_id = article.id;
    v.title = title;
    v.content = content;
    v.created_at = at(t);
    return ok(write(b, [&](sdk::Repositories& r) { return r.versions().append(v); }));
  };
  append(a, "A one", "first", 1);
  append(a, "A two", "second", 2);
  append(c, "C one", "only", 3);
  auto db = operator_session(fx);

  std::string latest = kLatestVersion;
  latest.replace(latest.find('?'), 1, std::to_string(a.id));
  const auto newest = ok(read(b, [&](sdk::Repositories& r) { return r.versions().list(a.id); })).front();
  CHECK(db.one(latest) == newest.title + "|" + newest.content);
  CHECK(db.one(latest) == "A two|second");

  auto recovered = db.rows(kRecoverFromHistory);
  std::sort(recovered.begin(), recovered.end());
  CHECK(recovered == std::vector<std::string>{std::to_string(a.id) + "|a|A two|second",
                                              std::to_string(c.id) + "|c|C one|only"});
}

TEST_CASE("postgres: the guide's removal check lists the queue tables, and none after the rollback migration",
          "[storage][postgres][operator][migrations]") {
  // information_schema.tables spans every schema, so this runs in a database of its own.
  auto target = storage_postgres::ConnectionTarget::parse(test_pg_url());
  REQUIRE(target.ok());
  const std::string database = "vellum_removal_" + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count());
  PgConnection admin(target->conninfo());
  admin.exec("CREATE DATABASE " + quote_ident(database));
  struct DropDatabase {
    PgConnection& admin;
    std::string name;
    ~DropDatabase() {
      try {
        admin.exec("DROP DATABASE IF EXISTS " + quote_ident(name) + " WITH (FORCE)");
      } catch (...) {  // a leftover database in a throwaway cluster is harmless
      }
    }
  } drop{admin, database};
  target->set("dbname", database);

  auto library = plugins::PluginLibrary::open(std::string(VELLUM_TEST_PLUGIN_DIR) + "/vellum-storage-postgres.so");
  REQUIRE(library.ok());
  TestHostContext host;
  auto config = config::build_plugin_config("storage.postgres",
                                            std::span<const sdk::ConfigOption>(library.value()->manifest().options),
                                            {{"url", {target->conninfo(), "test"}}});
  REQUIRE(config.ok());
  auto backend = library.value()->create<sdk::Slot::storage>(config.value(), host);
  REQUIRE(backend.ok());
  CHECK(backend.value()->describe().location.find("schema=public") != std::string::npos);
  add_article(*backend.value(), draft("x"));

  PgConnection db(target->conninfo());
  auto tables = db.rows(kQueueTablesLeft);
  std::sort(tables.begin(), tables.end());
  // LIKE's '_' is a wildcard, so the guide's pattern also matches `embeddings`.
  CHECK(tables == std::vector<std::string>{"embedding_audit_logs", "embedding_changes", "embedding_set_articles", "embedding_sets",
                                           "embedding_tasks", "embedding_worker_status", "embeddings"});

  ok(backend.value()->migrations().down(0));
  CHECK(db.rows(kQueueTablesLeft).empty());  // "Should return no rows"

  ok(backend.value()->migrations().up(std::nullopt));
  CHECK(db.exec(kRestoreWorkerStatus) == 1);
  CHECK_FALSE(running(*backend.value()));
  backend.value().reset();
}
