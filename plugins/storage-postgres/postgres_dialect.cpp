#include "postgres_dialect.hpp"

#include "postgres_session.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

#include <cctype>

namespace vellum::storage_postgres {

namespace {

constexpr char kHex[] = "0123456789abcdef";

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

PGconn* connection_of(soci::session& sql) {
  auto* backend = static_cast<soci::postgresql_session_backend*>(sql.get_backend());
  return backend ? backend->conn_ : nullptr;
}

// The advisory locks' keys come from the configured schema name, bound as :schema. Not from
// current_schema(): that is NULL while the schema does not exist, and a session's idea of it can
// lag another server's CREATE SCHEMA (see ensure_schema) — so the key would change between lock and
// unlock, and two servers starting together would take different locks.
// The migration lock: one per schema, so test schemas never wait for each other.
constexpr const char* kMigrationLockKey = "hashtext('vellum.migrations:' || CAST(:schema AS TEXT))";
// The writers' turn, one per schema too. Two keys, so it lives apart from every one-key lock.
constexpr const char* kWritersLockKeys = "hashtext('vellum.writers'), hashtext(CAST(:schema AS TEXT))";

}  // namespace

std::string PostgresDialect::ts_in(std::string_view param) const {
  return "CAST(" + std::string(param) + " AS TIMESTAMPTZ)";
}

std::string PostgresDialect::ts_out(std::string_view column) const {
  // Canonical text, whatever the session's TimeZone: the repositories parse exactly this.
  return "to_char(" + std::string(column) + " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')";
}

std::string PostgresDialect::bool_in(std::string_view param) const {
  return "(CAST(" + std::string(param) + " AS INTEGER) <> 0)";
}

std::string PostgresDialect::bool_out(std::string_view column) const {
  return "CAST(" + std::string(column) + " AS INTEGER)";  // NULL stays NULL
}

std::string PostgresDialect::blob_in(std::string_view param) const {
  return "decode(" + std::string(param) + ", 'hex')";
}

std::string PostgresDialect::blob_out(std::string_view column) const {
  return "encode(" + std::string(column) + ", 'hex')";
}

std::string PostgresDialect::encode_blob(std::string_view bytes) const {
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char b : bytes) {
    out += kHex[b >> 4];
    out += kHex[b & 0x0F];
  }
  return out;
}

std::optional<std::string> PostgresDialect::decode_blob(std::string_view stored) const {
  if (stored.size() % 2 != 0) return std::nullopt;
  std::string out;
  out.reserve(stored.size() / 2);
  for (std::size_t i = 0; i < stored.size(); i += 2) {
    const int hi = hex_digit(stored[i]), lo = hex_digit(stored[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi * 16 + lo);
  }
  return out;
}

std::string PostgresDialect::json_from_db(std::string stored) const {
  // JSONB prints `{"a": 1, "b": [1, 2]}`: the only whitespace outside strings is what it adds.
  std::string out;
  out.reserve(stored.size());
  bool in_string = false, escaped = false;
  for (char c : stored) {
    if (in_string) {
      in_string = escaped || c != '"';
      escaped = !escaped && c == '\\';
    } else if (c == '"') {
      in_string = true;
    } else if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      continue;
    }
    out += c;
  }
  return out;
}

std::string PostgresDialect::json_text(std::string_view column, std::string_view key) const {
  return "(" + std::string(column) + " ->> '" + std::string(key) + "')";
}

std::string PostgresDialect::least(std::string_view a, std::string_view b) const {
  return "LEAST(" + std::string(a) + ", " + std::string(b) + ")";
}

bool PostgresDialect::valid_task_id(std::string_view id) const {
  // The canonical 8-4-4-4-12 form (any case) or 32 bare hex digits: both are UUID input PostgreSQL takes.
  const bool dashed = id.size() == 36;
  if (!dashed && id.size() != 32) return false;
  for (std::size_t i = 0; i < id.size(); ++i) {
    const bool dash_here = dashed && (i == 8 || i == 13 || i == 18 || i == 23);
    if (dash_here ? id[i] != '-' : hex_digit(id[i]) < 0) return false;
  }
  return true;
}

std::int64_t PostgresDialect::last_insert_id(soci::session& sql, std::string_view table,
                                             std::string_view column) const {
  // currval of the column's own sequence: unlike lastval(), a trigger inserting elsewhere cannot shift it.
  const std::string t(table), c(column);
  long long id = 0;
  sql << "SELECT currval(pg_get_serial_sequence(:t, :c))", soci::use(t, "t"), soci::use(c, "c"), soci::into(id);
  return id;
}

std::optional<std::string> PostgresDialect::fts_query(std::string_view user_query) const {
  // plainto_tsquery reads the text as plain words — no operators, quotes or prefixes, so nothing a user
  // types is syntax; keyword_search_sql turns its ANDs into ORs (any word matches; ts_rank_cd ranks
  // articles with more of them first), the same meaning as the SQLite backend's quoted OR-ed terms.
  // A query without a single letter or digit has nothing to search for.
  for (unsigned char c : user_query)
    if (std::isalnum(c) || c >= 0x80) return std::string(user_query);
  return std::nullopt;
}

std::string PostgresDialect::keyword_search_sql(std::string_view fts_param, std::string_view article_filter,
                                                std::string_view limit_param) const {
  // Title lexemes carry weight A, body lexemes B, so ts_rank_cd ranks a title match above a body match.
  // Headlines are made only for the rows kept (they re-parse the text); a match found only in the
  // title gets its snippet from the title.
  const std::string options = "'StartSel=**, StopSel=**, MaxWords=16, MinWords=6, MaxFragments=1, FragmentDelimiter=\" … \"'";
  return "WITH q AS (SELECT CAST(replace(CAST(plainto_tsquery('simple', CAST(" + std::string(fts_param) +
         " AS TEXT)) AS TEXT), '&', '|') AS tsquery) AS query), "
         "hits AS (SELECT a.id, ts_rank_cd(a.search_vector, q.query) AS score FROM articles a, q "
         "WHERE a.search_vector @@ q.query AND " + std::string(article_filter) +
         " ORDER BY score DESC, a.id LIMIT " + std::string(limit_param) + ") "
         "SELECT a.id, a.slug, a.title, a.folder, CAST(hits.score AS DOUBLE PRECISION), "
         "CASE WHEN ts_filter(a.search_vector, '{a}') @@ q.query AND NOT ts_filter(a.search_vector, '{b}') @@ q.query "
         "THEN ts_headline('simple', a.title, q.query, " + options + ") "
         "ELSE ts_headline('simple', a.content, q.query, " + options + ") END "
         "FROM hits JOIN articles a ON a.id = hits.id CROSS JOIN q ORDER BY hits.score DESC, a.id";
}

void PostgresDialect::execute_script(soci::session& sql, const std::string& script) const {
  // A migration is many statements (and function bodies); only the simple-query protocol, PQexec
  // without parameters, runs such a script. SOCI always binds, so it goes to libpq directly.
  PGconn* conn = connection_of(sql);
  if (!conn) throw soci::soci_error("no PostgreSQL connection");
  PGresult* result = PQexec(conn, script.c_str());
  const ExecStatusType status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY) {
    PQclear(result);
    return;
  }
  std::string message = result ? PQresultErrorMessage(result) : PQerrorMessage(conn);
  const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  const std::string sqlstate = state ? state : "     ";
  PQclear(result);
  throw soci::postgresql_soci_error(message, sqlstate.c_str());
}

std::string PostgresDialect::migrations_table_ddl() const {
  return "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
         "applied_at TIMESTAMPTZ NOT NULL)";
}

bool PostgresDialect::table_exists(soci::session& sql, const std::string& table) const {
  // The catalog, not the search_path: the configured schema may not exist yet.
  int found = 0;
  sql << "SELECT COUNT(*) FROM pg_tables WHERE schemaname = :schema AND tablename = :t", soci::use(schema_, "schema"),
      soci::use(table, "t"), soci::into(found);
  return found > 0;
}

std::string PostgresDialect::server_version(soci::session& sql) const {
  std::string version;
  sql << "SELECT current_setting('server_version')", soci::into(version);
  return "PostgreSQL " + version;
}

void PostgresDialect::lock_migrations(soci::session& sql) const {
  int one = 0;
  sql << std::string("SELECT 1 FROM pg_advisory_lock(") + kMigrationLockKey + ")", soci::use(schema_, "schema"),
      soci::into(one);
}

void PostgresDialect::unlock_migrations(soci::session& sql) const {
  int released = 0;
  sql << std::string("SELECT CAST(pg_advisory_unlock(") + kMigrationLockKey + ") AS INTEGER)",
      soci::use(schema_, "schema"), soci::into(released);
}

// Under the migration lock, so only one server creates the schema, and every other one sees it
// created. Without the lock a server could find the schema through pg_namespace (another server's
// commit is visible) before the catalog invalidation of that commit reached its session: its
// search_path, resolved while the schema was missing, still led nowhere, and its first CREATE TABLE
// failed with "no schema has been selected to create in". A server that takes the lock after the
// creator released it starts its next statement after the creator's invalidations were sent.
void PostgresDialect::ensure_schema(soci::session& sql) const {
  // Looked up first: CREATE SCHEMA IF NOT EXISTS would need the CREATE privilege on the database even
  // when the schema exists, which a least-privilege role lacks.
  int found = 0;
  sql << "SELECT COUNT(*) FROM pg_namespace WHERE nspname = :schema", soci::use(schema_, "schema"), soci::into(found);
  if (found == 0) sql << "CREATE SCHEMA IF NOT EXISTS " + quote_identifier(schema_);
  // Unqualified names (every migration's) resolve through the search_path set on each connection.
  std::string current;
  soci::indicator current_null = soci::i_ok;
  sql << "SELECT current_schema()", soci::into(current, current_null);
  if (current_null != soci::i_ok || current != schema_) {
    throw soci::soci_error("the connection's search_path does not lead to schema " + quote_identifier(schema_) +
                           " (current schema: " + (current_null == soci::i_ok ? current : "none") + ")");
  }
}

void PostgresDialect::lock_writers(soci::session& sql) const {
  // The wait is bounded by the session's statement_timeout; its cancellation (57014) is transient.
  sql << std::string("SELECT pg_advisory_lock(") + kWritersLockKeys + ")", soci::use(schema_, "schema");
}

void PostgresDialect::unlock_writers(soci::session& sql) const {
  int released = 0;
  sql << std::string("SELECT CAST(pg_advisory_unlock(") + kWritersLockKeys + ") AS INTEGER)",
      soci::use(schema_, "schema"), soci::into(released);
  if (released != 1) throw soci::soci_error("the writers' advisory lock was not held by this session");
}

// A kept statement would otherwise hold its last result set (a scan of vectors can be megabytes)
// until its next run.
void PostgresDialect::finish(soci::statement& statement) const {
  auto* backend = static_cast<soci::postgresql_statement_backend*>(statement.get_backend());
  if (backend) backend->result_.reset();
}

bool PostgresDialect::connection_lost(soci::session& sql) const {
  PGconn* conn = connection_of(sql);
  return conn == nullptr || PQstatus(conn) != CONNECTION_OK;
}

sdk::ErrorKind PostgresDialect::classify(const soci::soci_error& error) const {
  const auto* pg = dynamic_cast<const soci::postgresql_soci_error*>(&error);
  if (!pg) return sdk::ErrorKind::internal;  // SOCI's own errors (API misuse) are our bugs
  const std::string state = pg->sqlstate();
  auto is = [&](std::string_view code) { return state == code; };
  auto in_class = [&](std::string_view cls) { return state.compare(0, 2, cls) == 0; };
  // libpq reports a lost connection without a SQLSTATE; the server's own goodbyes are class 08 and 57P0x.
  if (state.find_first_not_of(' ') == std::string::npos || in_class("08") || is("57P01") || is("57P02") ||
      is("57P03") || is("53300"))
    return sdk::ErrorKind::unavailable;
  // Serialization failure, deadlock, lock not available, statement timeout (query_canceled): the
  // same work can succeed when tried again.
  if (is("40001") || is("40P01") || is("55P03") || is("57014")) return sdk::ErrorKind::transient;
  if (in_class("23")) return sdk::ErrorKind::conflict;
  // Data exceptions: a value the column cannot hold (malformed JSON metadata, out-of-range number).
  if (in_class("22")) return sdk::ErrorKind::invalid_argument;
  return sdk::ErrorKind::internal;
}

}  // namespace vellum::storage_postgres
