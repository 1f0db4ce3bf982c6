// How the storage conformance suite gets a backend: the real plugin .so through the real loader,
// on a fresh, empty database per test. The backend is chosen by the environment:
//   VELLUM_TEST_STORAGE = sqlite (default)  — a new database file in a temporary directory
//   VELLUM_TEST_STORAGE = postgres          — a fresh schema in VELLUM_TEST_PG_URL (with its backend)
// Only this file, backend_fixture.cpp and postgres_target.cpp know which database is behind the interface.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "config/plugin_settings.hpp"
#include "plugins/plugin_library.hpp"
#include "support/test_host_context.hpp"
#include "vellum/sdk/storage.hpp"

namespace vellum::test {

using Settings = std::map<std::string, config::SettingInput, std::less<>>;

// One fresh database on one kind of server; knows the plugin settings that reach it.
class DatabaseTarget {
 public:
  virtual ~DatabaseTarget() = default;
  [[nodiscard]] virtual std::string plugin_name() const = 0;  // "sqlite" → vellum-storage-sqlite.so
  [[nodiscard]] virtual Settings settings() const = 0;         // reach this target's database
};

// "sqlite" unless VELLUM_TEST_STORAGE says otherwise.
[[nodiscard]] std::string storage_kind();

class StorageFixture {
 public:
  // Opens a backend on a new database; `extra` overrides or adds plugin settings.
  explicit StorageFixture(const Settings& extra = {});
  ~StorageFixture();
  StorageFixture(const StorageFixture&) = delete;
  StorageFixture& operator=(const StorageFixture&) = delete;

  [[nodiscard]] sdk::StorageBackend& backend() { return *backend_; }
  [[nodiscard]] TestHostContext& host() { return *host_; }
  [[nodiscard]] const DatabaseTarget& target() const { return *target_; }

  // A second backend object on the same database: to the database it is another process.
  [[nodiscard]] sdk::BackendPtr open_another(const Settings& extra = {});
  // Closes the backend and opens the same database again (data must survive).
  void reopen(const Settings& extra = {});

 private:
  sdk::BackendPtr open(const Settings& extra);

  std::unique_ptr<DatabaseTarget> target_;
  std::unique_ptr<TestHostContext> host_;
  plugins::LibraryPtr library_;
  sdk::BackendPtr backend_;
};

}  // namespace vellum::test
