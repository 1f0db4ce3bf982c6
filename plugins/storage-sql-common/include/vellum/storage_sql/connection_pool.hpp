// A fixed set of database sessions shared by the threads of one backend. A session is used by one
// thread at a time; `acquire` waits (bounded) for a free one.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include <soci/soci.h>

#include "vellum/sdk/result.hpp"

namespace vellum::storage_sql {

using SessionPtr = std::unique_ptr<soci::session>;
// Opens and configures one session (pragmas, search_path…); throws on failure.
using SessionFactory = std::function<SessionPtr()>;

class StatementCache;

class ConnectionPool {
  // One connection and the statements kept prepared on it (declared after the session, so they go
  // first: SQLite cannot close a connection with statements open).
  struct Slot;

 public:
  class Lease {
   public:
    Lease(ConnectionPool* pool, Slot* slot) : pool_(pool), slot_(slot) {}
    Lease(Lease&& other) noexcept : pool_(other.pool_), slot_(other.slot_) { other.slot_ = nullptr; }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Lease& operator=(Lease&&) = delete;
    ~Lease() { if (slot_) pool_->release(slot_); }
    soci::session& operator*() const;
    soci::session* operator->() const { return &**this; }
    // The session's kept statements, for this lease's holder only.
    [[nodiscard]] StatementCache* statements() const;

   private:
    friend class ConnectionPool;
    ConnectionPool* pool_;
    Slot* slot_;
  };

  // Opens `size` sessions now, so a bad path or URL fails at creation, not at first use. Each keeps
  // up to `statements_per_session` prepared statements.
  static sdk::Result<std::unique_ptr<ConnectionPool>> open(SessionFactory factory, std::size_t size,
                                                           std::size_t statements_per_session = 64);
  ~ConnectionPool();

  // unavailable when no session frees up within `wait`.
  sdk::Result<Lease> acquire(std::chrono::milliseconds wait = std::chrono::seconds(30));

  // Replaces the lease's session, whose connection was lost, with a new one from the factory. On
  // failure (the server is still down) the lease keeps the broken session and the error says why;
  // the next use tries again, so the pool heals once the server is back.
  sdk::Status reconnect(Lease& lease);

  // The schema changed: every session drops its kept statements before its next use (PostgreSQL
  // refuses to run a prepared statement whose result columns changed).
  void forget_statements();

 private:
  ConnectionPool(SessionFactory factory, std::vector<std::unique_ptr<Slot>> slots, std::size_t statements_per_session);
  void release(Slot* slot);

  SessionFactory factory_;
  std::size_t statements_per_session_;
  std::vector<std::unique_ptr<Slot>> slots_;
  std::vector<Slot*> free_;
  std::uint64_t generation_ = 0;  // of the schema, as far as kept statements go
  std::mutex mutex_;
  std::condition_variable available_;
};

}  // namespace vellum::storage_sql
