#include "vellum/storage_sql/sql_backend.hpp"

#include <algorithm>
#include <random>
#include <thread>

#include "migration_runner.hpp"
#include "repositories.hpp"
#include "statement_cache.hpp"
#include "vellum/storage_sql/sql_guard.hpp"

namespace vellum::storage_sql {

namespace {

// Sleeps between half and all of `backoff`: concurrent transactions that failed together (a
// PostgreSQL serialization failure aborts one of a pair) must not retry in lockstep.
void sleep_with_jitter(std::chrono::milliseconds backoff) {
  thread_local std::minstd_rand random(std::random_device{}());
  const auto half = backoff.count() / 2;
  std::uniform_int_distribution<long long> pick(half, std::max<long long>(half, backoff.count()));
  std::this_thread::sleep_for(std::chrono::milliseconds(pick(random)));
}

}  // namespace

sdk::Result<std::shared_ptr<SqlBackend>> SqlBackend::open(std::unique_ptr<Dialect> dialect, SessionFactory factory,
                                                          MigrationList migrations, SqlBackendOptions options,
                                                          sdk::HostContext& host) {
  auto pool = ConnectionPool::open(std::move(factory), std::max<std::size_t>(options.pool_size, 1));
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

sdk::Result<sdk::DatasetIdentity> SqlBackend::identify() { return migrations_->identify(); }

sdk::Status SqlBackend::ensure_schema() { return migrations_->ensure_schema(); }

bool SqlBackend::recover(ConnectionPool::Lease& lease, std::optional<sdk::Error>& reconnect_error) {
  if (!dialect_->connection_lost(*lease)) return false;
  host_.record_metric("storage_reconnects", 1, "count");
  if (auto fresh = pool_->reconnect(lease); !fresh) {
    reconnect_error = fresh.error();
    return false;
  }
  host_.log(sdk::LogLevel::warn, "storage: the database connection was lost; reconnected");
  return true;
}

sdk::Status SqlBackend::health() {
  auto lease = pool_->acquire();
  if (!lease) return std::move(lease).error();
  auto check = [&]() -> sdk::Status {
    return guarded(*dialect_, "health check", [&]() -> sdk::Status {
      int one = 0;
      *lease.value() << "SELECT 1", soci::into(one);
      if (one != 1) return sdk::Error(sdk::ErrorKind::internal, "health check: SELECT 1 answered " + std::to_string(one));
      return sdk::ok_status();
    });
  };
  sdk::Status result = check();
  std::optional<sdk::Error> reconnect_error;
  if (!result && recover(lease.value(), reconnect_error)) return check();
  if (reconnect_error) return reconnect_error->with_context(result.error().message);
  return result;
}

bool SqlBackend::takes_turns(const std::string& begin) const { return begin == dialect_->begin_write(); }

void SqlBackend::end_turn(ConnectionPool::Lease& lease) {
  soci::session& sql = *lease;
  if (dialect_->connection_lost(sql)) return;  // the server ended the session, and its lock with it
  try {
    dialect_->unlock_writers(sql);
    return;
  } catch (const std::exception& e) {
    host_.log(sdk::LogLevel::warn, std::string("storage: could not end a writer's turn: ") + e.what());
  }
  // A session that may still hold the turn must not go back to the pool, where it would sit idle
  // while every writer on the database waits for it; closing it releases the lock.
  if (!dialect_->connection_lost(sql)) (void)pool_->reconnect(lease);
}

sdk::Status SqlBackend::with_write_session(const std::function<sdk::Status(soci::session&)>& body) {
  std::lock_guard writer(writer_);
  auto lease = pool_->acquire();
  if (!lease) return std::move(lease).error();
  sdk::Status result = guarded(*dialect_, "storage", [&] { return body(*lease.value()); });
  if (auto* statements = lease.value().statements()) statements->drop_retired();
  // The body may have changed the schema (it runs migrations), even when it failed halfway.
  pool_->forget_statements();
  // Not retried (a migration step may have run); a lost connection is replaced for the next call.
  std::optional<sdk::Error> reconnect_error;
  if (!result) recover(lease.value(), reconnect_error);
  return result;
}

sdk::Status SqlBackend::run_once(ConnectionPool::Lease& lease, const sdk::Work& work, const std::string& begin,
                                 bool& committing) {
  committing = false;
  const bool turn = takes_turns(begin);
  if (turn) {
    if (auto waited = guarded(*dialect_, "waiting for the writers' turn", [&]() -> sdk::Status {
          dialect_->lock_writers(*lease);
          return sdk::ok_status();
        });
        !waited) {
      // A wait that ran out has lasted the whole statement timeout; waiting again would only multiply
      // it. Another process's transaction holds the turn that long: say so, and let the caller retry.
      if (waited.error().kind != sdk::ErrorKind::transient) return waited;
      return sdk::Error(sdk::ErrorKind::unavailable,
                        "another writer on this database held its turn past the statement timeout (a long "
                        "transaction, or a stopped process): " + waited.error().message);
    }
  }
  sdk::Status result = run_transaction(lease, work, begin, committing);
  if (auto* statements = lease.statements()) statements->drop_retired();  // the transaction has ended
  if (turn) end_turn(lease);
  return result;
}

sdk::Status SqlBackend::run_transaction(ConnectionPool::Lease& lease, const sdk::Work& work, const std::string& begin,
                                        bool& committing) {
  soci::session& sql = *lease;
  if (auto started = guarded(*dialect_, "begin transaction", [&]() -> sdk::Status {
        sql << begin;
        return sdk::ok_status();
      });
      !started)
    return started;

  SqlRepositories repositories({sql, *dialect_, lease.statements()});
  sdk::Status result = guarded(*dialect_, "transaction work", [&] { return work(repositories); });
  if (result) {
    committing = true;
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

sdk::Status SqlBackend::run(const sdk::Work& work, const std::string& begin, bool write, bool retry_conflicts) {
  // Queued before a connection is leased, so waiting writers hold none.
  auto writer = takes_turns(begin) ? std::unique_lock<std::mutex>(writer_) : std::unique_lock<std::mutex>();
  auto lease = pool_->acquire();
  if (!lease) return std::move(lease).error();
  auto backoff = options_.retry.first_backoff;
  for (int attempt = 1;; ++attempt) {
    bool committing = false;
    sdk::Status result = run_once(lease.value(), work, begin, committing);
    if (result) return result;

    bool retry = result.error().kind == sdk::ErrorKind::transient ||
                 (retry_conflicts && result.error().kind == sdk::ErrorKind::conflict);
    std::optional<sdk::Error> reconnect_error;
    if (recover(lease.value(), reconnect_error)) {
      // The server never saw a COMMIT of this work, so it rolled back and running it again is safe.
      // A connection lost during COMMIT leaves the outcome unknown: repeating could apply it twice.
      if (committing)
        return sdk::Error(sdk::ErrorKind::unavailable,
                          "the database connection was lost during COMMIT; the transaction may or may not have "
                          "been applied: " + result.error().message);
      retry = true;
    } else if (reconnect_error) {
      return reconnect_error->with_context(result.error().message);
    }

    if (!retry || attempt >= options_.retry.max_attempts) {
      if (retry) return result.error().with_context("gave up after " + std::to_string(attempt) + " attempts");
      return result;
    }
    if (write) host_.record_metric("storage_transaction_retries", 1, "count");
    host_.log(sdk::LogLevel::debug, "storage: transaction attempt " + std::to_string(attempt) +
                                        " failed transiently, retrying: " + result.error().message);
    sleep_with_jitter(backoff);
    backoff = std::min(backoff * 2, options_.retry.max_backoff);
  }
}

sdk::Status SqlBackend::transact(const sdk::Work& work) { return run(work, dialect_->begin_write(), true); }

sdk::Status SqlBackend::read(const sdk::Work& work) { return run(work, dialect_->begin_read(), false); }

sdk::Status SqlBackend::transact_row_guarded(const sdk::Work& work) {
  // Only a weaker isolation lets a concurrent commit surface as a constraint conflict; at the full
  // isolation (SQLite's single writer) a conflict is the work's own and trying again cannot help.
  const std::string begin = dialect_->begin_row_guarded_write();
  return run(work, begin, true, /*retry_conflicts=*/begin != dialect_->begin_write());
}

bool SqlBackend::wait_for_chunk_changes(std::chrono::milliseconds timeout, std::stop_token stop) {
  if (options_.change_notices) return options_.change_notices->wait(timeout, std::move(stop));
  return sdk::StorageBackend::wait_for_chunk_changes(timeout, std::move(stop));
}

}  // namespace vellum::storage_sql
