// The StorageBackend every SQL plugin returns: a connection pool, transactions with bounded retry
// of transient conflicts, the shared repositories and the migration runner. A backend plugin
// supplies only its Dialect, a session factory and its migration SQL.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>

#include "vellum/sdk/host_context.hpp"
#include "vellum/sdk/storage.hpp"
#include "vellum/storage_sql/connection_pool.hpp"
#include "vellum/storage_sql/dialect.hpp"
#include "vellum/storage_sql/migration_source.hpp"

namespace vellum::storage_sql {

struct RetryPolicy {
  int max_attempts = 8;                                   // total tries of one transaction
  std::chrono::milliseconds first_backoff{5};             // doubled after each try, with jitter
  std::chrono::milliseconds max_backoff{250};
};

// How a backend hears that other processes wrote the chunk change feed (PostgreSQL: LISTEN on a
// connection of its own). Same contract as sdk::StorageBackend::wait_for_chunk_changes.
class ChangeNotices {
 public:
  virtual ~ChangeNotices() = default;
  [[nodiscard]] virtual bool wait(std::chrono::milliseconds timeout, std::stop_token stop) = 0;
};

struct SqlBackendOptions {
  sdk::BackendDescription description;  // backend name and masked location; server_version is filled in
  std::size_t pool_size = 4;
  RetryPolicy retry;
  std::shared_ptr<ChangeNotices> change_notices;  // none: wait_for_chunk_changes waits out the timeout
};

class SqlMigrationRunner;

class SqlBackend final : public sdk::StorageBackend {
 public:
  static sdk::Result<std::shared_ptr<SqlBackend>> open(std::unique_ptr<Dialect> dialect, SessionFactory factory,
                                                       MigrationList migrations, SqlBackendOptions options,
                                                       sdk::HostContext& host);
  ~SqlBackend() override;

  [[nodiscard]] sdk::BackendDescription describe() const override;
  [[nodiscard]] sdk::Status health() override;
  [[nodiscard]] sdk::MigrationRunner& migrations() override;
  [[nodiscard]] sdk::Result<sdk::DatasetIdentity> identify() override;
  [[nodiscard]] sdk::Status transact(const sdk::Work& work) override;
  [[nodiscard]] sdk::Status read(const sdk::Work& work) override;
  [[nodiscard]] sdk::Status transact_row_guarded(const sdk::Work& work) override;
  [[nodiscard]] bool wait_for_chunk_changes(std::chrono::milliseconds timeout, std::stop_token stop) override;

  // Runs `body` on one session while this process's writers wait (migrations manage their own
  // BEGIN/COMMIT).
  sdk::Status with_write_session(const std::function<sdk::Status(soci::session&)>& body);
  [[nodiscard]] const Dialect& dialect() const noexcept { return *dialect_; }
  // Creates the database's schema when it is missing, under the migration lock (as every migration
  // step also does first): servers starting together take turns.
  sdk::Status ensure_schema();

 private:
  SqlBackend(std::unique_ptr<Dialect> dialect, std::unique_ptr<ConnectionPool> pool, MigrationList migrations,
             SqlBackendOptions options, sdk::HostContext& host);
  // One try of `work`, in the writers' turn when it takes one; `committing` tells whether the
  // failure (if any) came from COMMIT itself.
  sdk::Status run_once(ConnectionPool::Lease& lease, const sdk::Work& work, const std::string& begin, bool& committing);
  sdk::Status run_transaction(ConnectionPool::Lease& lease, const sdk::Work& work, const std::string& begin,
                              bool& committing);
  // begin_write transactions take turns: in this process on writer_, across processes on the
  // dialect's writers lock (Dialect::lock_writers).
  [[nodiscard]] bool takes_turns(const std::string& begin) const;
  void end_turn(ConnectionPool::Lease& lease);
  // transact and read: bounded retries of transient failures, and a new connection when one was lost.
  // `retry_conflicts`: a constraint conflict is retried like a transient failure (row-guarded work,
  // where it means a concurrent commit won a race the next attempt will see).
  sdk::Status run(const sdk::Work& work, const std::string& begin, bool write, bool retry_conflicts = false);
  // After `failure` on the lease's session: when its connection is gone, replace it. True when the
  // lease now holds a fresh session; otherwise `failure` stays the answer, or `reconnect_error`
  // (unavailable) says why no new connection could be made.
  bool recover(ConnectionPool::Lease& lease, std::optional<sdk::Error>& reconnect_error);

  std::unique_ptr<Dialect> dialect_;
  std::unique_ptr<ConnectionPool> pool_;
  SqlBackendOptions options_;
  sdk::HostContext& host_;
  std::mutex writer_;
  std::unique_ptr<SqlMigrationRunner> migrations_;
};

}  // namespace vellum::storage_sql
