// The PostgreSQL storage backend plugin: the shared SQL repositories with the PostgreSQL dialect, a
// pool of libpq connections (replaced when the server restarts), one schema per installation, and
// its own migrations embedded at build time.
#include "change_listener.hpp"
#include "connection_target.hpp"
#include "postgres_dialect.hpp"
#include "postgres_session.hpp"
#include "vellum/sdk/sdk.hpp"
#include "vellum/storage_sql/sql_backend.hpp"

namespace vellum::storage_postgres {
storage_sql::MigrationList postgres_migrations();  // generated from migrations/postgres/*.sql
}

namespace {

using namespace vellum;

constexpr sdk::ConfigOption kOptions[] = {
    sdk::option_secret("url", "libpq URI postgresql://user:pass@host:port/db?sslmode=… or key=value string "
                              "(DATABASE_URL)"),
    sdk::option_string("schema", "public", "schema holding Vellum's tables; created when missing"),
    sdk::option_integer("pool_size", "8", 1, 128, "connections; each transaction uses one"),
    sdk::option_integer("connect_timeout_ms", "5000", 0, 600000,
                        "how long opening a connection may take (libpq counts whole seconds, at least 2); 0 waits forever"),
    sdk::option_integer("statement_timeout_ms", "30000", 0, 86400000,
                        "longest a single statement may run before it is cancelled (a transient error); 0 = no limit"),
    sdk::option_boolean("auto_migrate", "true", "apply pending migrations when the backend is created"),
};

sdk::Result<storage_postgres::PostgresSettings> read_settings(const sdk::PluginConfig& config) {
  auto target = storage_postgres::ConnectionTarget::parse(config.get_string("url"));
  if (!target) return target.error().with_context(config.section() + ".url");
  const auto connect_ms = config.get_integer("connect_timeout_ms", 5000);
  // A timeout written into the URL is the more specific wish; otherwise the setting, in libpq's seconds.
  if (!target->get("connect_timeout") && connect_ms > 0)
    target->set("connect_timeout", std::to_string((connect_ms + 999) / 1000));
  if (!target->get("application_name")) target->set("application_name", "vellum");

  storage_postgres::PostgresSettings s;
  s.conninfo = target->conninfo();
  s.schema = config.get_string("schema", "public");
  if (s.schema.empty()) return sdk::Error(sdk::ErrorKind::invalid_argument, config.section() + ".schema is empty");
  s.location = target->masked() + " schema=" + s.schema;
  s.statement_timeout_ms = config.get_integer("statement_timeout_ms", 30000);
  s.pool_size = static_cast<std::size_t>(config.get_integer("pool_size", 8));
  s.auto_migrate = config.get_boolean("auto_migrate", true);
  return s;
}

sdk::Result<sdk::BackendPtr> make_backend(const sdk::PluginConfig& config, sdk::HostContext& host) {
  auto settings = read_settings(config);
  if (!settings) return std::move(settings).error();
  const storage_postgres::PostgresSettings s = settings.value();

  storage_sql::SqlBackendOptions options;
  options.description.backend = "postgres";
  options.description.location = s.location;
  options.pool_size = s.pool_size;
  // Serialization failures are the normal way PostgreSQL resolves concurrent writers; give busy
  // queues a few more tries than SQLite's single writer needs.
  options.retry.max_attempts = 12;
  options.change_notices = std::make_shared<storage_postgres::ChangeListener>(s.conninfo, s.schema, host);
  auto backend = storage_sql::SqlBackend::open(
      std::make_unique<storage_postgres::PostgresDialect>(s.schema),
      [s] { return storage_postgres::open_postgres_session(s); }, storage_postgres::postgres_migrations(), options,
      host);
  if (!backend) return backend.error().with_context("postgres " + s.location);

  if (s.auto_migrate) {
    // Under the migration lock, as migrating is (PostgresDialect::ensure_schema). Without
    // auto_migrate the database is left as found: `vellum migrate up` (or the host, once it has
    // accepted this database) creates the schema with the first step.
    if (auto created = backend.value()->ensure_schema(); !created)
      return created.error().with_context("postgres " + s.location + ": creating the schema");
    auto applied = backend.value()->migrations().up(std::nullopt);
    if (!applied) return applied.error().with_context("postgres " + s.location + ": migrating");
    for (const auto& step : applied.value())
      host.log(sdk::LogLevel::info, "storage.postgres: applied migration " + std::to_string(step.version) + " " + step.name);
  }
  return sdk::BackendPtr(std::move(backend).value());
}

}  // namespace

VELLUM_PLUGIN(storage, "postgres", "0.1.0", "PostgreSQL server (tsvector keyword search, SKIP LOCKED claims)",
              kOptions, make_backend)
