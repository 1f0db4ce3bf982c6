// Opening one PostgreSQL connection the way every connection of the pool must be: the schema on the
// search_path and the statement timeout, which PostgreSQL keeps per session.
#pragma once

#include <cstdint>
#include <string>

#include "vellum/storage_sql/connection_pool.hpp"

namespace vellum::storage_postgres {

struct PostgresSettings {
  std::string conninfo;                    // libpq keyword/value form, connect_timeout included
  std::string location;                    // the same with the password masked
  std::string schema = "public";
  std::int64_t statement_timeout_ms = 30000;  // 0 = no limit
  std::size_t pool_size = 8;
  bool auto_migrate = true;
};

// "name" with embedded quotes doubled: any schema name becomes one identifier, never SQL.
std::string quote_identifier(const std::string& name);

// Throws soci::soci_error when the server cannot be reached or refuses the settings.
storage_sql::SessionPtr open_postgres_session(const PostgresSettings& settings);

}  // namespace vellum::storage_postgres
