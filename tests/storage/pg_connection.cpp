#include "storage/pg_connection.hpp"

#include <libpq-fe.h>

#include <memory>
#include <stdexcept>

namespace vellum::test {

namespace {
using ResultPtr = std::unique_ptr<PGresult, decltype(&PQclear)>;

ResultPtr run(PGconn* conn, const std::string& sql) {
  ResultPtr result(PQexec(conn, sql.c_str()), &PQclear);
  const auto status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    throw std::runtime_error("SQL failed: " + sql + ": " + (result ? PQresultErrorMessage(result.get()) : PQerrorMessage(conn)));
  return result;
}
}  // namespace

std::string quote_ident(const std::string& name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

PgConnection::PgConnection(const std::string& conninfo, const std::string& schema) {
  conn_ = PQconnectdb(conninfo.c_str());
  if (PQstatus(conn_) != CONNECTION_OK) {
    std::string message = PQerrorMessage(conn_);
    PQfinish(conn_);
    throw std::runtime_error("cannot connect to PostgreSQL: " + message);
  }
  run(conn_, "SET client_min_messages = warning");
  if (!schema.empty()) run(conn_, "SET search_path TO " + quote_ident(schema));
}

PgConnection::~PgConnection() { PQfinish(conn_); }

long long PgConnection::exec(const std::string& sql) {
  auto result = run(conn_, sql);
  const char* affected = PQcmdTuples(result.get());
  return affected && *affected ? std::stoll(affected) : 0;
}

std::vector<std::string> PgConnection::rows(const std::string& sql) {
  auto result = run(conn_, sql);
  std::vector<std::string> out;
  for (int r = 0; r < PQntuples(result.get()); ++r) {
    std::string row;
    for (int c = 0; c < PQnfields(result.get()); ++c) {
      if (c) row += '|';
      row += PQgetisnull(result.get(), r, c) ? "NULL" : PQgetvalue(result.get(), r, c);
    }
    out.push_back(row);
  }
  return out;
}

std::string PgConnection::one(const std::string& sql) {
  auto r = rows(sql);
  return r.empty() ? std::string("<no row>") : r.front();
}

}  // namespace vellum::test
