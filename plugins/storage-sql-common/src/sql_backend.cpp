#include "vellum/storage_sql/sql_backend.hpp"

#include <algorithm>
#include <thread>

#include "migration_runner.hpp"
#include "repositories.hpp"
#include "vellum/storage_sql/sql_guard.hpp"

namespace vellum::storage_sql {

sdk::Result<std::shared_ptr<SqlBackend>> SqlBackend::open(std::unique_ptr<Dialect> dialect,
                                                          const SessionFactory& factory, MigrationList migrations,
                                                          SqlBackendOptions options, sdk::HostContext& host) {
  auto pool = ConnectionPool::open(factory, std::max<std::size_t>(options.pool_size, 1));
  if (!pool) return std::move(pool).error();
  {  // the lease goes back to the pool before the pool moves into the backend
    auto lease = pool.value()->acquire();
    if (!lease) return std::move(lease).error();
    auto version = guarded(*dialect, "server version", [&]() -> sdk::Result<std::string> {
      return dialect->server_version(*lease.value());
    });
    if (!version) return std::move(version).error();
    options.description.server_version = version.value();
  }
  return std::shared_ptr<SqlBackend>(
      new SqlBackend(std::move(dialect), std::move(pool).value(), migrations, std::move(options), host));
}

SqlBackend::SqlBackend(std::unique_ptr<Dialect> dialect, std::unique_ptr<ConnectionPool> pool,
                       MigrationList migrations, SqlBackendOptions options, sdk::HostContext& host)
    : dialect_(std::move(dialect)),
      pool_(std::move(pool)),
      options_(std::move(options)),
      host_(host),
      migrations_(std::make_unique<SqlMigrationRunner>(*this, migrations)) {}

SqlBackend::~SqlBackend() = default;

sdk::BackendDescription SqlBackend::describe() const { return options_.description; }

sdk::MigrationRunner& SqlBackend::migrations() { return *migrations_; }

sdk::Status SqlBackend::health() {
  auto lease = pool_->acquire();
  if (!lease) return std::move(lease).error();
  return guarded(*dialect_, "health check", [&]() -> sdk::Status {
    int one = 0;
    *lease.value() << "SELECT 1", soci::into(one);
    if (one != 1) return sdk::Error(sdk::ErrorKind::internal, "health check: SELECT 1 answered " + std::to_string(one));
    return sdk::ok_status();
  });
}

std::unique_lock<std::mutex> SqlBackend::lock_writer() {
  return dialect_->serialize_writes() ? std::unique_lock<std::mutex>(writer_) : std::unique_lock<std::mutex>();
}

sdk::Status SqlBackend::with_write_session(const std::function<sdk::Status(soci::session&)>& body) {
  auto writer = lock_writer();
  auto lease = pool_->acquire();
  if (!lease) return std::move(lease).error();
  return guarded(*dialect_, "storage", [&] { return body(*lease.value()); });
}

sdk::Status SqlBackend::run_once(soci::session& sql, const sdk::Work& work, const std::string& begin) {
  if (auto started = guarded(*dialect_, "begin transaction", [&]() -> sdk::Status {
        sql << begin;
        return sdk::ok_status();
      });
      !started)
    return started;

  SqlRepositories repositories(sql, *dialect_);
  sdk::Status result = guarded(*dialect_, "transaction work", [&] { return work(repositories); });
  if (result) {
    result = guarded(*dialect_, "commit", [&]() -> sdk::Status {
      sql << "COMMIT";
      return sdk::ok_status();
    });
    if (result) return result;
  }
  // Rolling back a transaction the database already ended fails harmlessly; the first error stands.
  try {
    sql << "ROLLBACK";
  } catch (...) {
  }
  return result;
}

sdk::Status SqlBackend::transact(const sdk::Work& work) {
  auto writer = lock_writer();
  auto lease = pool_->acquire();
  if (!lease) return std::move(lease).error();
  auto backoff = options_.retry.first_backoff;
  for (int attempt = 1;; ++attempt) {
    sdk::Status result = run_once(*lease.value(), work, dialect_->begin_write());
    if (result || result.error().kind != sdk::ErrorKind::transient || attempt >= options_.retry.max_attempts) {
      if (!result && result.error().kind == sdk::ErrorKind::transient)
        return result.error().with_context("gave up after " + std::to_string(attempt) + " attempts");
      return result;
    }
    host_.record_metric("storage_transaction_retries", 1, "count");
    host_.log(sdk::LogLevel::debug, "storage: transaction attempt " + std::to_string(attempt) +
                                        " hit a transient conflict, retrying: " + result.error().message);
    std::this_thread::sleep_for(backoff);
    backoff = std::min(backoff * 2, options_.retry.max_backoff);
  }
}

sdk::Status SqlBackend::read(const sdk::Work& work) {
  auto lease = pool_->acquire();
  if (!lease) return std::move(lease).error();
  auto backoff = options_.retry.first_backoff;
  for (int attempt = 1;; ++attempt) {
    sdk::Status result = run_once(*lease.value(), work, dialect_->begin_read());
    if (result || result.error().kind != sdk::ErrorKind::transient || attempt >= options_.retry.max_attempts)
      return result;
    std::this_thread::sleep_for(backoff);
    backoff = std::min(backoff * 2, options_.retry.max_backoff);
  }
}

}  // namespace vellum::storage_sql
