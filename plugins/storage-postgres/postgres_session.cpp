#include "postgres_session.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

#include <string_view>

namespace vellum::storage_postgres {

std::string quote_identifier(const std::string& name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

namespace {

// libpq reports a refused connection as text only (no SQLSTATE reaches the client before the
// session exists). The server's refusals for a full house (SQLSTATE 53300) are named here, so the
// error says what an operator must do, and the HTTP layer can say it to clients.
bool at_connection_limit(std::string_view message) {
  return message.find("too many connections") != std::string_view::npos ||  // the role's or database's CONNECTION LIMIT
         message.find("too many clients") != std::string_view::npos ||      // max_connections
         message.find("connection slots are reserved") != std::string_view::npos;
}

}  // namespace

storage_sql::SessionPtr open_postgres_session(const PostgresSettings& settings) {
  storage_sql::SessionPtr session;
  try {
    session = std::make_unique<soci::session>(*soci::factory_postgresql(), settings.conninfo);
  } catch (const soci::soci_error& e) {
    if (!at_connection_limit(e.what())) throw;
    throw soci::soci_error(std::string("the database is at its connection limit (max_connections, or the role's or "
                                       "database's CONNECTION LIMIT); no new connection is accepted: ") + e.what());
  }
  // SET takes no bound parameters: the schema is a quoted identifier and the timeout an integer
  // from the validated settings table.
  *session << "SET search_path TO " + quote_identifier(settings.schema);
  *session << "SET statement_timeout = " + std::to_string(settings.statement_timeout_ms);
  // libpq prints server notices straight to stderr, past the host's log: "relation … already exists,
  // skipping", or "there is no transaction in progress" from the ROLLBACK after a failed COMMIT.
  // Errors reach us as exceptions anyway.
  *session << "SET client_min_messages = error";
  return session;
}

}  // namespace vellum::storage_postgres
