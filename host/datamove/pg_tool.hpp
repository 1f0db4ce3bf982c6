// The connection a PostgreSQL client tool (pg_dump, pg_restore) is given, without the password on
// its command line, where anyone on the machine can read it (ps, /proc/PID/cmdline): the tool gets
// the connection string with the password taken out, and the password in a passfile only this
// user can read, named by PGPASSFILE in the tool's environment alone. The file goes with the object.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "vellum/sdk/result.hpp"

namespace vellum::datamove {

class PgToolConnection {
 public:
  // `url` as the storage.postgres.url setting takes it (postgresql:// URI or key=value string).
  // invalid_argument when it does not parse; internal when the passfile cannot be written.
  static sdk::Result<PgToolConnection> prepare(std::string_view url);
  ~PgToolConnection();
  PgToolConnection(PgToolConnection&& other) noexcept;
  PgToolConnection& operator=(PgToolConnection&&) = delete;
  PgToolConnection(const PgToolConnection&) = delete;
  PgToolConnection& operator=(const PgToolConnection&) = delete;

  // libpq key=value connection string, password removed: for --dbname=.
  [[nodiscard]] const std::string& conninfo() const { return conninfo_; }
  // NAME=value entries to add to the tool's environment (PGPASSFILE when the url had a password).
  [[nodiscard]] const std::vector<std::string>& environment() const { return environment_; }
  // Inherited variables the tool must not see: PGPASSWORD, which libpq would prefer to the passfile.
  [[nodiscard]] const std::vector<std::string>& unset() const { return unset_; }
  [[nodiscard]] const std::string& passfile() const { return passfile_; }  // "" when none

 private:
  PgToolConnection() = default;
  std::string conninfo_;
  std::vector<std::string> environment_;
  std::vector<std::string> unset_;
  std::string passfile_;
};

// One passfile line matching every host, port, database and user, with `:` and `\` escaped as
// libpq reads them.
[[nodiscard]] std::string passfile_line(std::string_view password);

}  // namespace vellum::datamove
