// The SQLite side of the shared SQL: TEXT timestamps, 0/1 booleans, BLOB vectors, FTS5 search,
// BEGIN IMMEDIATE writers (one at a time), SQLITE_BUSY as the transient error.
#pragma once

#include "vellum/storage_sql/dialect.hpp"

namespace vellum::storage_sqlite {

class SqliteDialect final : public storage_sql::Dialect {
 public:
  [[nodiscard]] std::string_view name() const override { return "sqlite"; }
  [[nodiscard]] std::string begin_write() const override { return "BEGIN IMMEDIATE"; }
  [[nodiscard]] std::string begin_read() const override { return "BEGIN DEFERRED"; }

  [[nodiscard]] std::string ts_in(std::string_view param) const override { return std::string(param); }
  [[nodiscard]] std::string ts_out(std::string_view column) const override { return std::string(column); }
  [[nodiscard]] std::string bool_in(std::string_view param) const override { return std::string(param); }
  [[nodiscard]] std::string bool_out(std::string_view column) const override { return std::string(column); }
  [[nodiscard]] std::string blob_in(std::string_view param) const override;
  [[nodiscard]] std::string blob_out(std::string_view column) const override { return std::string(column); }
  [[nodiscard]] std::string encode_blob(std::string_view bytes) const override { return std::string(bytes); }
  [[nodiscard]] std::optional<std::string> decode_blob(std::string_view stored) const override {
    return std::string(stored);
  }
  [[nodiscard]] std::string json_from_db(std::string stored) const override { return stored; }
  [[nodiscard]] std::string json_text(std::string_view column, std::string_view key) const override;
  [[nodiscard]] std::string least(std::string_view a, std::string_view b) const override;
  [[nodiscard]] std::string claim_lock_clause() const override { return ""; }  // the write lock already serialises
  // Without the index (a schema rolled back past its migration) the claim fails to prepare, loudly.
  [[nodiscard]] std::string due_tasks_index_hint() const override { return "INDEXED BY idx_embedding_tasks_due"; }
  [[nodiscard]] bool valid_task_id(std::string_view) const override { return true; }  // ids are TEXT
  [[nodiscard]] std::int64_t last_insert_id(soci::session& sql, std::string_view table,
                                            std::string_view column) const override;

  [[nodiscard]] std::optional<std::string> fts_query(std::string_view user_query) const override;
  [[nodiscard]] std::string keyword_search_sql(std::string_view fts_param, std::string_view article_filter,
                                               std::string_view limit_param) const override;

  void execute_script(soci::session& sql, const std::string& script) const override;
  [[nodiscard]] std::string migrations_table_ddl() const override;
  [[nodiscard]] std::string server_version(soci::session& sql) const override;
  [[nodiscard]] bool table_exists(soci::session& sql, const std::string& table) const override;
  void finish(soci::statement& statement) const override;
  void lock_migrations(soci::session&) const override {}  // BEGIN IMMEDIATE already excludes other writers
  void unlock_migrations(soci::session&) const override {}
  void before_migration_step(soci::session& sql) const override;
  void verify_migration_step(soci::session& sql) const override;
  void after_migration_step(soci::session& sql) const override;
  [[nodiscard]] bool connection_lost(soci::session&) const override { return false; }
  [[nodiscard]] sdk::ErrorKind classify(const soci::soci_error& error) const override;
};

}  // namespace vellum::storage_sqlite
