// Opening one SQLite connection the way every connection of the pool must be: WAL or rollback
// journal, synchronous level, busy timeout and foreign keys (which SQLite keeps per connection).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "vellum/storage_sql/connection_pool.hpp"

namespace vellum::storage_sqlite {

struct SqliteSettings {
  std::filesystem::path path;
  std::int64_t busy_timeout_ms = 5000;
  std::string journal_mode = "wal";   // wal | delete
  std::string synchronous = "normal";  // normal | full
  std::size_t pool_size = 4;
  bool auto_migrate = true;
};

// Throws soci::soci_error or std::runtime_error when the file cannot be opened or configured.
storage_sql::SessionPtr open_sqlite_session(const SqliteSettings& settings);

}  // namespace vellum::storage_sqlite
