// PostgreSQL-specific checks outside the interface: the schema after up → down → up equals a fresh
// install (as the catalogs describe it), values are stored in the types operators and other tools
// read, the schema's own rules hold for writers other than the backend, and the plugin's settings.
#include <catch2/catch.hpp>

#include <chrono>
#include <latch>
#include <span>
#include <thread>

#include "config/plugin_settings.hpp"
#include "connection_target.hpp"
#include "plugins/plugin_library.hpp"
#include "storage/backend_fixture.hpp"
#include "storage/pg_connection.hpp"
#include "storage/postgres_target.hpp"
#include "storage/storage_test_helpers.hpp"
#include "support/wait_until.hpp"

using namespace vellum;
using namespace vellum::test;
using namespace std::chrono_literals;

namespace {

PgConnection operator_session(const StorageFixture& fx) {
  const auto settings = fx.target().settings();
  return PgConnection(settings.at("url").text, settings.at("schema").text);
}

std::string schema_of(const StorageFixture& fx) { return fx.target().settings().at("schema").text; }

// Everything the catalogs say about one schema's objects, with the schema's name taken out so two
// schemas can be compared.
std::vector<std::string> describe_schema(PgConnection& db, const std::string& schema) {
  const std::string ns = "(SELECT oid FROM pg_namespace WHERE nspname = current_schema())";
  const std::vector<std::string> queries = {
      "SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = current_schema() "
      "ORDER BY 1",
      "SELECT table_name, column_name, ordinal_position, data_type, is_nullable, column_default, is_identity, "
      "identity_generation, identity_start, is_generated, generation_expression FROM information_schema.columns "
      "WHERE table_schema = current_schema() ORDER BY 1, 3",
      "SELECT conrelid::regclass::text, conname, contype, pg_get_constraintdef(oid) FROM pg_constraint "
      "WHERE connamespace = " + ns + " ORDER BY 1, 2",
      "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() ORDER BY 1, 2",
      "SELECT tgrelid::regclass::text, tgname, pg_get_triggerdef(oid) FROM pg_trigger "
      "WHERE NOT tgisinternal AND tgrelid IN (SELECT oid FROM pg_class WHERE relnamespace = " + ns + ") ORDER BY 1, 2",
      "SELECT proname, pg_get_function_identity_arguments(oid), prosrc, array_to_string(proconfig, ',') "
      "FROM pg_proc WHERE pronamespace = " + ns + " ORDER BY 1",
      "SELECT id, worker_id, is_running, draining FROM embedding_worker_status ORDER BY id",
  };
  std::vector<std::string> out;
  for (const auto& query : queries) {
    for (auto row : db.rows(query)) {
      for (std::size_t at; (at = row.find(schema)) != std::string::npos;) row.replace(at, schema.size(), "<schema>");
      out.push_back(std::move(row));
    }
  }
  return out;
}

// Drops a schema a test made, whatever happened in the test.
struct DropSchema {
  std::string name;
  ~DropSchema() {
    try {
      PgConnection(test_pg_url()).exec("DROP SCHEMA IF EXISTS " + quote_ident(name) + " CASCADE");
    } catch (...) {
    }
  }
};

sdk::Result<sdk::BackendPtr> open_backend(const plugins::PluginLibrary& library, TestHostContext& host, const Settings& settings) {
  auto config = config::build_plugin_config("storage.postgres",
                                            std::span<const sdk::ConfigOption>(library.manifest().options), settings);
  if (!config) return config.error();
  return library.create<sdk::Slot::storage>(config.value(), host);
}

}  // namespace

TEST_CASE("postgres: up → down(0) → up leaves exactly the schema of a fresh install",
          "[storage][postgres][migrations]") {
  StorageFixture fresh;
  StorageFixture cycled;
  add_article(cycled.backend(), draft("x"));
  ok(cycled.backend().migrations().down(0));
  {
    auto db = operator_session(cycled);
    // Only the runner's own bookkeeping is left: no table, index, function or type of the schema.
    CHECK(db.rows("SELECT relname FROM pg_class WHERE relnamespace = (SELECT oid FROM pg_namespace WHERE "
                  "nspname = current_schema()) AND relname NOT LIKE 'schema_migrations%' ORDER BY 1")
              .empty());
    CHECK(db.one("SELECT COUNT(*) FROM pg_proc WHERE pronamespace = (SELECT oid FROM pg_namespace WHERE "
                 "nspname = current_schema())") == "0");
  }
  ok(cycled.backend().migrations().up(std::nullopt));
  auto a = operator_session(fresh);
  auto b = operator_session(cycled);
  const auto fresh_schema = describe_schema(a, schema_of(fresh));
  CHECK(fresh_schema.size() > 100);
  CHECK(describe_schema(b, schema_of(cycled)) == fresh_schema);
}

TEST_CASE("postgres: values are stored in the types operators and other tools read", "[storage][postgres]") {
  StorageFixture fx;
  auto& b = fx.backend();
  auto d = draft("a", "Alpha", "body text", "", at(10.25));
  d.metadata_json = R"({"k":[1,2]})";
  const auto a = add_article(b, d);
  auto set = ok(write(b, [](sdk::Repositories& r) { return r.embedding_sets().find_or_create("p", "m", 768, at(0)); }));
  sdk::Chunk c;
  c.chunk_id = "a.md#0";
  c.text = "t";
  c.heading_path = {"# A"};
  c.vector.assign(768, 0.0f);
  c.vector[0] = 1.0f;  // little-endian 1.0f is 00 00 80 3F; the zeros after it must survive too
  c.vector[767] = -2.5f;
  ok(write(b, [&](sdk::Repositories& r) { return r.chunks().replace_article_chunks(set.id, a.id, {c}); }));
  sdk::TaskDraft t;
  t.article_id = a.id;
  t.slug = a.slug;
  t.now = at(11);
  const auto task = ok(write(b, [&](sdk::Repositories& r) { return r.tasks().enqueue(t); })).task;
  sdk::WorkerHeartbeat beat;
  beat.worker_id = "w";
  ok(write(b, [&](sdk::Repositories& r) { return r.workers().heartbeat(beat); }));

  auto db = operator_session(fx);
  CHECK(db.one("SELECT created_at AT TIME ZONE 'UTC', pg_typeof(created_at), is_public, pg_typeof(metadata), "
               "metadata->'k'->>1 FROM articles") == "2025-01-01 00:00:10.25|timestamp with time zone|f|jsonb|2");
  CHECK(db.one("SELECT pg_typeof(vector), octet_length(vector), encode(substring(vector FROM 1 FOR 8), 'hex'), "
               "encode(substring(vector FROM 3069), 'hex') FROM embeddings") == "bytea|3072|0000803f00000000|000020c0");
  CHECK(ok(read(b, [&](sdk::Repositories& r) { return r.chunks().article_chunks(set.id, a.id, true); })).at(0).vector ==
        c.vector);
  CHECK(db.one("SELECT pg_typeof(id), id::text FROM embedding_tasks") == "uuid|" + task.id);
  // Worker rows never take id 1, the operators' control row.
  CHECK(db.rows("SELECT id, worker_id FROM embedding_worker_status ORDER BY id") ==
        std::vector<std::string>{"1|NULL", "2|w"});
}

// Right after a bulk enqueue the table's statistics still describe it as it was (here: empty, as
// ANALYZE saw it). Left alone, the planner then believes a dozen tasks are pending and sorts all
// 20,000 on each claim (EXPLAIN: a bitmap scan of idx_embedding_tasks_claim, then a sort). The claim
// must read idx_embedding_tasks_due in claim order anyway (PostgresDialect::before_claim).
TEST_CASE("postgres: a claim right after a bulk enqueue reads the due-task index, stale statistics or not",
          "[storage][postgres]") {
  StorageFixture fx;
  auto& b = fx.backend();
  auto db = operator_session(fx);
  db.exec("ANALYZE embedding_tasks");
  // As a bulk import would leave them, written here in two statements: 20,000 pending tasks, due an
  // hour ago, the lowest article id first.
  db.exec("INSERT INTO articles (slug, title, content) SELECT 'bulk-' || i, 'Bulk', 'body' "
          "FROM generate_series(1, 20000) AS i");
  db.exec("INSERT INTO embedding_tasks (article_id, slug, operation, scheduled_at) SELECT id, slug, 'update', "
          "now() - interval '1 hour' + id * interval '1 millisecond' FROM articles");

  // Index entries read on embedding_tasks: the sorting plan reads all 20,000 pending tasks' entries,
  // the ordered scan about as many as it claims.
  const auto entries_read = [&] {
    return std::stoll(db.one("SELECT COALESCE(SUM(idx_tup_read), 0) FROM pg_stat_user_indexes "
                             "WHERE schemaname = current_schema() AND relname = 'embedding_tasks'"));
  };
  const auto before = entries_read();
  const auto now = std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
  const auto claimed = ok(write(b, [&](sdk::Repositories& r) { return r.tasks().claim_batch("w/1", 10, now, 60s); }));
  REQUIRE(claimed.size() == 10);
  CHECK(claimed.front().slug == "bulk-1");  // the oldest due first
  // A session's statistics reach the views when it ends (or, idle, up to ten seconds later).
  fx.reopen();
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (entries_read() == before && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(50ms);
  const auto read = entries_read() - before;
  CHECK(read > 0);
  CHECK(read < 2000);
}

TEST_CASE("postgres: writers other than the backend keep search and the change feed right", "[storage][postgres]") {
  StorageFixture fx;
  auto& b = fx.backend();
  const auto a = add_article(b, draft("a", "Original", "words"));
  auto set = ok(write(b, [](sdk::Repositories& r) { return r.embedding_sets().find_or_create("p", "m", 2, at(0)); }));
  sdk::Chunk c;
  c.chunk_id = "a#0";
  c.text = "words";
  c.vector = {1.0f, 0.0f};
  ok(write(b, [&](sdk::Repositories& r) { return r.chunks().replace_article_chunks(set.id, a.id, {c}); }));
  const auto before = ok(read(b, [](sdk::Repositories& r) { return r.chunks().latest_change_seq(); }));
  auto db = operator_session(fx);

  // The search vector is generated: an UPDATE by hand re-indexes the article.
  db.exec("UPDATE articles SET title = 'Zebra crossing' WHERE slug = 'a'");
  auto hits = ok(read(b, [](sdk::Repositories& r) { return r.articles().keyword_search("zebra", {}, 5); }));
  REQUIRE(hits.size() == 1);
  CHECK(hits[0].snippet.find("**Zebra**") != std::string::npos);  // a title-only match shows the title

  // A DELETE by hand cascades to the chunks and records that in the change feed.
  db.exec("DELETE FROM articles WHERE slug = 'a'");
  const auto changes = ok(read(b, [&](sdk::Repositories& r) { return r.chunks().changes_since(before, 10); }));
  REQUIRE(changes.size() == 1);
  CHECK(changes[0].article_id == a.id);
  CHECK(changes[0].embedding_set_id == set.id);
  CHECK(ok(read(b, [&](sdk::Repositories& r) { return r.chunks().count_chunks(set.id); })) == 0);
}

TEST_CASE("postgres: settings — URI form, masked password, schema created, failures", "[storage][postgres]") {
  auto library = plugins::PluginLibrary::open(std::string(VELLUM_TEST_PLUGIN_DIR) + "/vellum-storage-postgres.so");
  REQUIRE(library.ok());
  CHECK(library.value()->manifest().name == "postgres");
  CHECK(library.value()->manifest().slot == sdk::Slot::storage);
  TestHostContext host;
  auto target = storage_postgres::ConnectionTarget::parse(test_pg_url());
  REQUIRE(target.ok());
  const std::string password = target->get("password").value_or("");
  const std::string schema = "vellum_settings_" + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count());
  DropSchema drop{schema};

  {  // The DATABASE_URL spelling: a URI with user, password, host, port and database.
    const std::string uri = "postgresql://" + target->get("user").value_or("") + ":" + password + "@" +
                            target->get("host").value_or("127.0.0.1") + ":" + target->get("port").value_or("5432") +
                            "/" + target->get("dbname").value_or("") + "?sslmode=disable";
    auto backend = open_backend(*library.value(), host,
                                {{"url", {uri, "test"}}, {"schema", {schema, "test"}}, {"pool_size", {"2", "test"}}});
    REQUIRE(backend.ok());
    const auto description = backend.value()->describe();
    CHECK(description.backend == "postgres");
    CHECK(description.server_version.rfind("PostgreSQL ", 0) == 0);
    CHECK(description.location.find("password=***") != std::string::npos);
    CHECK(description.location.find("password=" + password) == std::string::npos);
    CHECK(description.location.find("schema=" + schema) != std::string::npos);
    add_article(*backend.value(), draft("in-its-own-schema"));
    CHECK(PgConnection(test_pg_url(), schema).one("SELECT slug FROM articles") == "in-its-own-schema");
  }
  {  // auto_migrate off: the (new, empty) schema gets no tables until `migrate up`.
    auto backend = open_backend(*library.value(), host,
                                {{"url", {test_pg_url(), "test"}}, {"schema", {schema + "_manual", "test"}},
                                 {"auto_migrate", {"false", "test"}}, {"pool_size", {"1", "test"}}});
    REQUIRE(backend.ok());
    for (const auto& step : ok(backend.value()->migrations().status())) CHECK_FALSE(step.applied);
  }
  {  // Nothing listens there: unavailable, with the target named and the password masked.
    auto refused = *target;
    refused.set("port", "1");
    auto backend = open_backend(*library.value(), host, {{"url", {refused.conninfo(), "test"}}});
    REQUIRE_FALSE(backend.ok());
    CHECK(backend.error().kind == sdk::ErrorKind::unavailable);
    CHECK(backend.error().message.find("port=1") != std::string::npos);
    if (!password.empty()) CHECK(backend.error().message.find("password=" + password) == std::string::npos);
  }
  {
    auto backend = open_backend(*library.value(), host, {{"url", {"mysql://localhost/db", "test"}}});
    REQUIRE_FALSE(backend.ok());
    CHECK(backend.error().kind == sdk::ErrorKind::invalid_argument);
    auto empty = open_backend(*library.value(), host, {});
    REQUIRE_FALSE(empty.ok());
    CHECK(empty.error().message.find("storage.postgres.url") != std::string::npos);
  }
  PgConnection(test_pg_url()).exec("DROP SCHEMA IF EXISTS " + quote_ident(schema + "_manual") + " CASCADE");
}

TEST_CASE("postgres: servers starting together on an empty schema migrate it exactly once",
          "[storage][postgres][migrations]") {
  auto library = plugins::PluginLibrary::open(std::string(VELLUM_TEST_PLUGIN_DIR) + "/vellum-storage-postgres.so");
  REQUIRE(library.ok());
  const std::string schema = "vellum_race_" + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count());
  DropSchema drop{schema};
  constexpr int kServers = 8;
  std::vector<TestHostContext> hosts(kServers);
  std::vector<sdk::Result<sdk::BackendPtr>> opened(kServers, sdk::Error(sdk::ErrorKind::internal, "not run"));
  std::latch ready(kServers);  // all start at once, not in the order the threads happened to begin
  std::vector<std::thread> starting;
  for (int i = 0; i < kServers; ++i) {
    starting.emplace_back([&, i] {
      ready.arrive_and_wait();
      opened[i] = open_backend(*library.value(), hosts[i],
                               {{"url", {test_pg_url(), "test"}}, {"schema", {schema, "test"}}, {"pool_size", {"1", "test"}}});
    });
  }
  for (auto& t : starting) t.join();
  for (const auto& backend : opened) {
    INFO((backend.ok() ? std::string("ok") : backend.error().message));
    REQUIRE(backend.ok());
  }
  const auto steps = ok(opened[0].value()->migrations().status());
  for (const auto& step : steps) CHECK(step.applied);
  add_article(*opened[1].value(), draft("after-the-race"));
  // One bookkeeping row per step: no step was applied twice.
  CHECK(PgConnection(test_pg_url(), schema).one("SELECT COUNT(*) FROM schema_migrations") ==
        std::to_string(steps.size()));
}

// What makes the race above safe. A server that found the schema through the catalog while another
// server's CREATE SCHEMA was committed but its cache invalidation not yet sent kept a search_path
// resolved when the schema was missing, and failed its first CREATE TABLE with "no schema has been
// selected to create in". So the schema is created under the migration lock, whose key is the
// configured name (current_schema() is NULL until the schema exists).
TEST_CASE("postgres: a missing schema is created only by the server holding the migration lock",
          "[storage][postgres][migrations]") {
  auto library = plugins::PluginLibrary::open(std::string(VELLUM_TEST_PLUGIN_DIR) + "/vellum-storage-postgres.so");
  REQUIRE(library.ok());
  const std::string schema =
      "vellum_locked_" + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count());
  DropSchema drop{schema};
  const std::string key = "hashtext('vellum.migrations:" + schema + "')";
  // Another server is starting on the same schema and holds the lock.
  PgConnection other(test_pg_url());
  other.exec("SELECT pg_advisory_lock(" + key + ")");

  TestHostContext host;
  sdk::Result<sdk::BackendPtr> opened = sdk::Error(sdk::ErrorKind::internal, "not run");
  std::thread starting([&] {
    opened = open_backend(*library.value(), host,
                          {{"url", {test_pg_url(), "test"}}, {"schema", {schema, "test"}}, {"pool_size", {"1", "test"}}});
  });
  const bool waiting = wait_until([&] {
    return other.one("SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND objsubid = 1 "
                     "AND objid::bigint = (" + key + "::bigint & 4294967295)") == "1";
  });
  // Nothing created while it waits: the schema is the lock holder's to create.
  const auto created_while_waiting =
      other.one("SELECT COUNT(*) FROM pg_namespace WHERE nspname = '" + schema + "'");
  other.exec("CREATE SCHEMA IF NOT EXISTS " + quote_ident(schema));
  other.exec("SELECT pg_advisory_unlock(" + key + ")");
  starting.join();
  CHECK(waiting);
  CHECK(created_while_waiting == "0");
  INFO((opened.ok() ? std::string("ok") : opened.error().message));
  REQUIRE(opened.ok());
  for (const auto& step : ok(opened.value()->migrations().status())) CHECK(step.applied);
}
