// What differs between the SQL databases the shared repositories run on. Everything else — every
// query of every repository — is written once, against SOCI, with `:name` placeholders.
//
// Not dialect points, on purpose: upserts (SQLite ≥ 3.24 and PostgreSQL share
// `INSERT … ON CONFLICT (…) DO UPDATE SET x = excluded.x`), TRUE/FALSE literals (SQLite ≥ 3.23),
// COALESCE, CASE, LIMIT/OFFSET with bound integers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "vellum/sdk/result.hpp"

namespace soci {
class session;
class soci_error;
class statement;
}  // namespace soci

namespace vellum::storage_sql {

class Dialect {
 public:
  virtual ~Dialect() = default;

  [[nodiscard]] virtual std::string_view name() const = 0;  // "sqlite", "postgres"

  // ---- transactions ----
  [[nodiscard]] virtual std::string begin_write() const = 0;  // SQLite: BEGIN IMMEDIATE (take the write lock now)
  [[nodiscard]] virtual std::string begin_read() const = 0;   // a consistent read snapshot
  // For StorageBackend::transact_row_guarded: the weakest isolation guarded statements are safe at.
  [[nodiscard]] virtual std::string begin_row_guarded_write() const { return begin_write(); }
  // begin_write transactions run one at a time: within a process SqlBackend queues them, and these
  // make the writers of every process on the database take turns. SQLite needs nothing (BEGIN
  // IMMEDIATE takes its one write lock). PostgreSQL takes a session advisory lock: at SERIALIZABLE,
  // two overlapping writers that read and write the same index page (the newest page of an index on
  // a growing key, as every new article's rows are) abort one another, however unrelated their rows.
  // Called before BEGIN, since a lock taken inside the transaction would come after its snapshot;
  // unlock_writers follows COMMIT or ROLLBACK whenever lock_writers succeeded.
  virtual void lock_writers(soci::session&) const {}
  virtual void unlock_writers(soci::session&) const {}

  // ---- value encodings: timestamps travel as canonical text "YYYY-MM-DDTHH:MM:SS.mmmZ" ----
  // SQL expression that turns the bound canonical text `param` (":now") into the column's type.
  [[nodiscard]] virtual std::string ts_in(std::string_view param) const = 0;
  // SQL expression that reads the timestamp `column` back as canonical text.
  [[nodiscard]] virtual std::string ts_out(std::string_view column) const = 0;
  // Booleans travel as integers 0/1.
  [[nodiscard]] virtual std::string bool_in(std::string_view param) const = 0;
  [[nodiscard]] virtual std::string bool_out(std::string_view column) const = 0;
  // Raw bytes (float32 vectors) travel as a std::string the dialect encodes and decodes.
  [[nodiscard]] virtual std::string blob_in(std::string_view param) const = 0;
  [[nodiscard]] virtual std::string blob_out(std::string_view column) const = 0;
  [[nodiscard]] virtual std::string encode_blob(std::string_view bytes) const = 0;
  [[nodiscard]] virtual std::optional<std::string> decode_blob(std::string_view stored) const = 0;
  // A JSON column's text as the repositories return it. SQLite keeps what was written; PostgreSQL's
  // JSONB prints `{"a": 1}`, which this compacts back to `{"a":1}`.
  [[nodiscard]] virtual std::string json_from_db(std::string stored) const = 0;
  // Text of the top-level `key` of a JSON object column; `key` is a constant identifier, never input.
  [[nodiscard]] virtual std::string json_text(std::string_view column, std::string_view key) const = 0;
  // The smaller of two values of one type (SQLite: MIN(a, b); PostgreSQL: LEAST(a, b)).
  [[nodiscard]] virtual std::string least(std::string_view a, std::string_view b) const = 0;
  // Appended to the claim query's SELECT so concurrent claimers skip each other's rows.
  [[nodiscard]] virtual std::string claim_lock_clause() const = 0;
  // Written after the claim query's table: how the database must read the due tasks. SQLite's
  // planner, without ANALYZE statistics, takes the (status, scheduled_at) index and sorts every
  // pending task on each claim; naming idx_embedding_tasks_due reads them in claim order instead.
  [[nodiscard]] virtual std::string due_tasks_index_hint() const { return {}; }
  // Run in the claim's transaction before its query, for the same end where the database takes no
  // hint. PostgreSQL plans from statistics, which lag a bulk enqueue until autovacuum analyses the
  // table; meanwhile it believes a dozen tasks are pending and sorts them all.
  [[nodiscard]] virtual std::string before_claim() const { return {}; }

  // Whether `id` can name a task at all. PostgreSQL task ids are UUIDs, and comparing a UUID column
  // with other text is an error there rather than a miss; such an id simply names no task.
  [[nodiscard]] virtual bool valid_task_id(std::string_view id) const = 0;

  // Key of the row the last INSERT on this session created in `table` (key column `column`).
  [[nodiscard]] virtual std::int64_t last_insert_id(soci::session& sql, std::string_view table,
                                                    std::string_view column) const = 0;

  // ---- keyword search ----
  // Turns what a user typed into the database's full-text query, with every term quoted so no
  // user syntax (quotes, *, AND, parentheses) can reach the FTS parser. nullopt = nothing to search.
  [[nodiscard]] virtual std::optional<std::string> fts_query(std::string_view user_query) const = 0;
  // A SELECT returning (id, slug, title, folder, score REAL higher-is-better, snippet TEXT) for the
  // full-text query bound at `fts_param`, best first, at most `limit_param` rows. `article_filter` is
  // an extra condition on the articles table aliased `a` ("1 = 1" when none); the caller binds all
  // parameters.
  [[nodiscard]] virtual std::string keyword_search_sql(std::string_view fts_param, std::string_view article_filter,
                                                       std::string_view limit_param) const = 0;

  // ---- schema ----
  // Runs a script of several statements (a migration step) on the session.
  virtual void execute_script(soci::session& sql, const std::string& script) const = 0;
  // CREATE TABLE IF NOT EXISTS schema_migrations (version, name, applied_at).
  [[nodiscard]] virtual std::string migrations_table_ddl() const = 0;
  [[nodiscard]] virtual std::string server_version(soci::session& sql) const = 0;
  // Whether the table exists where this backend keeps its tables, asked without creating anything.
  [[nodiscard]] virtual bool table_exists(soci::session& sql, const std::string& table) const = 0;
  // Keep two processes from migrating one database at once (PostgreSQL: a session advisory lock;
  // SQLite: nothing, its write lock already serialises). unlock is called whenever lock succeeded.
  virtual void lock_migrations(soci::session& sql) const = 0;
  virtual void unlock_migrations(soci::session& sql) const = 0;
  // Creates the namespace the tables live in when it is missing (PostgreSQL: the configured schema;
  // SQLite has none). Runs with the migration lock held, before anything reads or creates a table.
  virtual void ensure_schema(soci::session&) const {}
  // Around each migration step, outside its transaction. SQLite turns foreign keys off so that a step
  // may rebuild a table others reference (its documented way to change a constraint) without the
  // DROP cascading into them; verify_migration_step then checks every reference before the commit.
  virtual void before_migration_step(soci::session&) const {}
  virtual void verify_migration_step(soci::session&) const {}
  virtual void after_migration_step(soci::session&) const {}

  // ---- connections ----
  // True when the session's connection is gone (server restarted, network cut), so the pool must
  // replace it; a database file never loses its connection.
  [[nodiscard]] virtual bool connection_lost(soci::session& sql) const = 0;
  // A kept statement (statement_cache.hpp) has run and waits for its next use: release what it
  // still holds. SQLite: a query read only to its first row stays active, holding a read snapshot
  // that keeps the WAL from being checkpointed, until it is reset.
  virtual void finish(soci::statement&) const {}

  // ---- errors ----
  // busy/locked/serialization failure/deadlock/statement timeout → transient; constraint violation → conflict; connection
  // lost → unavailable; everything else → internal.
  [[nodiscard]] virtual sdk::ErrorKind classify(const soci::soci_error& error) const = 0;
};

}  // namespace vellum::storage_sql
