// A plain libpq connection for PostgreSQL tests: what an operator's psql session is to the backend.
// Failures throw std::runtime_error naming the statement, which fails the running test.
#pragma once

#include <string>
#include <vector>

struct pg_conn;

namespace vellum::test {

class PgConnection {
 public:
  // `conninfo` in libpq keyword/value form; `schema`, when given, becomes the search_path.
  explicit PgConnection(const std::string& conninfo, const std::string& schema = "");
  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  // Runs one statement (or a script without parameters); returns the affected row count.
  long long exec(const std::string& sql);
  // Every row of the result, columns joined by '|', NULL as "NULL".
  std::vector<std::string> rows(const std::string& sql);
  // The first row, or "<no row>".
  std::string one(const std::string& sql);

 private:
  pg_conn* conn_ = nullptr;
};

// "name" quoted as one SQL identifier.
std::string quote_ident(const std::string& name);

}  // namespace vellum::test
