#include "sqlite_session.hpp"

#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <stdexcept>

namespace vellum::storage_sqlite {

storage_sql::SessionPtr open_sqlite_session(const SqliteSettings& settings) {
  const std::string path = settings.path.string();
  // SOCI's sqlite3 connect string is "key=value ..." with optional double quotes around a value.
  if (path.find('"') != std::string::npos)
    throw std::runtime_error("database path must not contain '\"': " + path);
  auto session = std::make_unique<soci::session>(*soci::factory_sqlite3(), "db=\"" + path + "\"");
  // Pragma values come from the validated settings table (choices and integer ranges), never from
  // free text, which is why they can be written into the statement.
  *session << "PRAGMA busy_timeout = " + std::to_string(settings.busy_timeout_ms);
  *session << "PRAGMA foreign_keys = ON";
  std::string mode;
  *session << "PRAGMA journal_mode = " + settings.journal_mode, soci::into(mode);
  if (mode != settings.journal_mode)
    throw std::runtime_error("could not switch " + path + " to journal_mode " + settings.journal_mode + " (still " +
                             mode + ")");
  *session << "PRAGMA synchronous = " + settings.synchronous;
  return session;
}

}  // namespace vellum::storage_sqlite
