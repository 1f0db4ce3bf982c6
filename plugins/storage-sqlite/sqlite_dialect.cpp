#include "sqlite_dialect.hpp"

#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <cctype>
#include <stdexcept>

namespace vellum::storage_sqlite {

std::string SqliteDialect::blob_in(std::string_view param) const {
  // A bound std::string is stored as TEXT; the cast keeps every byte (NULs included) as a real BLOB.
  return "CAST(" + std::string(param) + " AS BLOB)";
}

std::string SqliteDialect::json_text(std::string_view column, std::string_view key) const {
  return "json_extract(" + std::string(column) + ", '$." + std::string(key) + "')";
}

std::string SqliteDialect::least(std::string_view a, std::string_view b) const {
  return "MIN(" + std::string(a) + ", " + std::string(b) + ")";
}

void SqliteDialect::finish(soci::statement& statement) const {
  auto* backend = static_cast<soci::sqlite3_statement_backend*>(statement.get_backend());
  if (backend && backend->stmt_) sqlite_api::sqlite3_reset(backend->stmt_);
}

std::int64_t SqliteDialect::last_insert_id(soci::session& sql, std::string_view, std::string_view) const {
  long long id = 0;
  sql << "SELECT last_insert_rowid()", soci::into(id);
  return id;
}

std::optional<std::string> SqliteDialect::fts_query(std::string_view user_query) const {
  // Every whitespace-separated term becomes a quoted FTS5 string ("" escapes a quote), joined by OR:
  // agents send natural-language questions, which rarely contain every word of the right article,
  // and bm25 already ranks an article matching more (and rarer) terms first. Terms with nothing the unicode61 tokenizer indexes (only punctuation such as
  // "(" or "*") are dropped: a quoted string without tokens is itself an FTS5 syntax error.
  std::string out;
  std::size_t i = 0;
  while (i < user_query.size()) {
    while (i < user_query.size() && std::isspace(static_cast<unsigned char>(user_query[i]))) ++i;
    std::size_t start = i;
    while (i < user_query.size() && !std::isspace(static_cast<unsigned char>(user_query[i]))) ++i;
    const std::string_view term = user_query.substr(start, i - start);
    bool indexable = false;
    for (unsigned char c : term) indexable = indexable || std::isalnum(c) || c >= 0x80;
    if (!indexable) continue;
    if (!out.empty()) out += " OR ";
    out += '"';
    for (char c : term) {
      if (c == '"') out += '"';
      out += c;
    }
    out += '"';
  }
  if (out.empty()) return std::nullopt;
  return out;
}

std::string SqliteDialect::keyword_search_sql(std::string_view fts_param, std::string_view article_filter,
                                              std::string_view limit_param) const {
  // bm25 is lower-is-better and weighs the title ten times the body; the score is its negation.
  return "SELECT a.id, a.slug, a.title, a.folder, -bm25(articles_fts, 10.0, 1.0) AS score, "
         "snippet(articles_fts, -1, '**', '**', '…', 16) FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid "
         "WHERE articles_fts MATCH " + std::string(fts_param) + " AND " + std::string(article_filter) +
         " ORDER BY bm25(articles_fts, 10.0, 1.0), a.id LIMIT " + std::string(limit_param);
}

void SqliteDialect::before_migration_step(soci::session& sql) const { sql << "PRAGMA foreign_keys = OFF"; }

void SqliteDialect::verify_migration_step(soci::session& sql) const {
  std::string table;
  soci::indicator ind = soci::i_ok;
  sql << "SELECT \"table\" FROM pragma_foreign_key_check LIMIT 1", soci::into(table, ind);
  if (sql.got_data()) throw std::runtime_error("the step leaves a broken reference from table " + table);
}

void SqliteDialect::after_migration_step(soci::session& sql) const { sql << "PRAGMA foreign_keys = ON"; }

void SqliteDialect::execute_script(soci::session& sql, const std::string& script) const {
  // SOCI prepares one statement at a time; a migration is many (and triggers contain ';').
  auto* backend = static_cast<soci::sqlite3_session_backend*>(sql.get_backend());
  char* message = nullptr;
  const int rc = ::sqlite_api::sqlite3_exec(backend->conn_, script.c_str(), nullptr, nullptr, &message);
  if (rc != SQLITE_OK) {
    std::string text = message ? message : "unknown error";
    ::sqlite_api::sqlite3_free(message);
    throw soci::sqlite3_soci_error(text, rc);
  }
}

std::string SqliteDialect::migrations_table_ddl() const {
  return "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
         "applied_at TEXT NOT NULL)";
}

bool SqliteDialect::table_exists(soci::session& sql, const std::string& table) const {
  int found = 0;
  sql << "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = :t", soci::use(table, "t"),
      soci::into(found);
  return found > 0;
}

std::string SqliteDialect::server_version(soci::session& sql) const {
  std::string version;
  sql << "SELECT sqlite_version()", soci::into(version);
  return "SQLite " + version;
}

sdk::ErrorKind SqliteDialect::classify(const soci::soci_error& error) const {
  const auto* sqlite_error = dynamic_cast<const soci::sqlite3_soci_error*>(&error);
  if (!sqlite_error) {
    // SOCI's own errors (bad use of the API, NULL into a non-indicator) are our bugs.
    return sdk::ErrorKind::internal;
  }
  switch (sqlite_error->result() & 0xFF) {  // primary result code
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return sdk::ErrorKind::transient;
    case SQLITE_CONSTRAINT: return sdk::ErrorKind::conflict;
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_READONLY:
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT: return sdk::ErrorKind::unavailable;
    default: return sdk::ErrorKind::internal;
  }
}

}  // namespace vellum::storage_sqlite
