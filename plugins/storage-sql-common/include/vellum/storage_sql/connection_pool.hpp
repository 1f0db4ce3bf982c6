// A fixed set of database sessions shared by the threads of one backend. A session is used by one
// thread at a time; `acquire` waits (bounded) for a free one.
#pragma once

#include <chrono>
#include <condition_variable>
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

class ConnectionPool {
 public:
  class Lease {
   public:
    Lease(ConnectionPool* pool, soci::session* session) : pool_(pool), session_(session) {}
    Lease(Lease&& other) noexcept : pool_(other.pool_), session_(other.session_) { other.session_ = nullptr; }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Lease& operator=(Lease&&) = delete;
    ~Lease() { if (session_) pool_->release(session_); }
    soci::session& operator*() const { return *session_; }
    soci::session* operator->() const { return session_; }

   private:
    friend class ConnectionPool;  // reconnect() swaps the session under the lease
    ConnectionPool* pool_;
    soci::session* session_;
  };

  // Opens `size` sessions now, so a bad path or URL fails at creation, not at first use.
  static sdk::Result<std::unique_ptr<ConnectionPool>> open(SessionFactory factory, std::size_t size);

  // unavailable when no session frees up within `wait`.
  sdk::Result<Lease> acquire(std::chrono::milliseconds wait = std::chrono::seconds(30));

  // Replaces the lease's session, whose connection was lost, with a new one from the factory. On
  // failure (the server is still down) the lease keeps the broken session and the error says why;
  // the next use tries again, so the pool heals once the server is back.
  sdk::Status reconnect(Lease& lease);

 private:
  ConnectionPool(SessionFactory factory, std::vector<SessionPtr> sessions);
  void release(soci::session* session);

  SessionFactory factory_;
  std::vector<SessionPtr> sessions_;
  std::vector<soci::session*> free_;
  std::mutex mutex_;
  std::condition_variable available_;
};

}  // namespace vellum::storage_sql
