// The database a queue test runs on, chosen like the storage conformance suite chooses it:
//   VELLUM_TEST_STORAGE = sqlite (default)  — a new file in a temporary directory
//   VELLUM_TEST_STORAGE = postgres          — a fresh schema in VELLUM_TEST_PG_URL
// plus what an operator has: a raw SQL session beside the server (psql, sqlite3).
#pragma once

#include <map>
#include <memory>
#include <string>

namespace vellum::test {

class QueueDatabase {
 public:
  virtual ~QueueDatabase() = default;
  [[nodiscard]] virtual std::string plugin_name() const = 0;
  [[nodiscard]] virtual std::map<std::string, std::string> settings() const = 0;
  // Runs one statement as an operator would; returns the affected row count.
  virtual long long exec(const std::string& sql) = 0;
  // The SQL spelling of a boolean in this database (SQLite operators write 0/1).
  [[nodiscard]] virtual std::string boolean(bool value) const = 0;
  // The SQL for "now" as this database stores timestamps.
  [[nodiscard]] virtual std::string now() const = 0;
};

// A fresh database of the kind VELLUM_TEST_STORAGE names.
[[nodiscard]] std::shared_ptr<QueueDatabase> make_queue_database();

}  // namespace vellum::test
