// The SQLite storage backend plugin: one database file, WAL, FTS5 keyword search, the shared SQL
// repositories, and its own migrations embedded at build time.
#include <filesystem>

#include "sqlite_dialect.hpp"
#include "sqlite_session.hpp"
#include "vellum/sdk/private_files.hpp"
#include "vellum/sdk/sdk.hpp"
#include "vellum/storage_sql/sql_backend.hpp"

namespace vellum::storage_sqlite {
storage_sql::MigrationList sqlite_migrations();  // generated from migrations/sqlite/*.sql
}

namespace {

using namespace vellum;

constexpr sdk::ConfigOption kOptions[] = {
    sdk::option_string("path", "vellum.db",
                       "database file; a relative path resolves against the data directory"),
    sdk::option_integer("busy_timeout_ms", "5000", 0, 600000,
                        "how long a statement waits for another connection's lock before failing as busy"),
    sdk::option_choice("journal_mode", "wal", "wal|delete",
                       "wal lets readers run while one writer writes; delete is the classic rollback journal"),
    sdk::option_choice("synchronous", "normal", "normal|full",
                       "full syncs every commit; normal (with WAL) can lose the last commits on power loss only"),
    sdk::option_integer("pool_size", "4", 1, 64, "connections; reads run in parallel, writes one at a time"),
    sdk::option_boolean("auto_migrate", "true", "apply pending migrations when the backend is created"),
};

sdk::Result<storage_sqlite::SqliteSettings> read_settings(const sdk::PluginConfig& config, sdk::HostContext& host) {
  storage_sqlite::SqliteSettings s;
  std::filesystem::path path = config.get_string("path", "vellum.db");
  if (path.empty()) return sdk::Error(sdk::ErrorKind::invalid_argument, config.section() + ".path is empty");
  if (path.is_relative()) path = std::filesystem::path(host.data_dir()) / path;
  s.path = path.lexically_normal();
  s.busy_timeout_ms = config.get_integer("busy_timeout_ms", 5000);
  s.journal_mode = config.get_string("journal_mode", "wal");
  s.synchronous = config.get_string("synchronous", "normal");
  s.pool_size = static_cast<std::size_t>(config.get_integer("pool_size", 4));
  s.auto_migrate = config.get_boolean("auto_migrate", true);
  return s;
}

sdk::Result<sdk::BackendPtr> make_backend(const sdk::PluginConfig& config, sdk::HostContext& host) {
  auto settings = read_settings(config, host);
  if (!settings) return std::move(settings).error();
  const storage_sqlite::SqliteSettings s = settings.value();

  if (s.path.has_parent_path()) {
    if (auto made = sdk::make_private_directories(s.path.parent_path()); !made) return std::move(made).error();
  }
  // SQLite would create the file with the umask's mode (0644 under the usual 022), readable by every
  // local user; it keeps the mode of a file it finds and gives -wal and -shm the same one.
  if (auto created = sdk::create_private_file(s.path); !created)
    return created.error().with_context("sqlite database " + s.path.string());

  storage_sql::SqlBackendOptions options;
  options.description.backend = "sqlite";
  options.description.location = s.path.string();
  options.pool_size = s.pool_size;
  auto backend = storage_sql::SqlBackend::open(
      std::make_unique<storage_sqlite::SqliteDialect>(), [s] { return storage_sqlite::open_sqlite_session(s); },
      storage_sqlite::sqlite_migrations(), options, host);
  if (!backend) return backend.error().with_context("sqlite database " + s.path.string());

  if (s.auto_migrate) {
    auto applied = backend.value()->migrations().up(std::nullopt);
    if (!applied) return applied.error().with_context("sqlite database " + s.path.string() + ": migrating");
    for (const auto& step : applied.value())
      host.log(sdk::LogLevel::info, "storage.sqlite: applied migration " + std::to_string(step.version) + " " + step.name);
  }
  return sdk::BackendPtr(std::move(backend).value());
}

}  // namespace

VELLUM_PLUGIN(storage, "sqlite", "0.1.0", "SQLite database file (WAL, FTS5 keyword search)", kOptions, make_backend)
