#include "postgres_session.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

namespace vellum::storage_postgres {

std::string quote_identifier(const std::string& name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

storage_sql::SessionPtr open_postgres_session(const PostgresSettings& settings) {
  auto session = std::make_unique<soci::session>(*soci::factory_postgresql(), settings.conninfo);
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
