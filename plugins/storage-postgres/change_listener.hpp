// LISTEN vellum_chunks on a libpq connection of its own, so a server following the chunk change
// feed hears another process's chunk write when it commits (migration 0002's trigger NOTIFYs with
// the schema as payload) instead of at its next poll. The connection is opened on the first wait,
// so processes that never follow the feed (CLI commands) never hold it; when it drops, waits fall
// back to sleeping out their timeout, which keeps the follower polling, and it is opened again on
// a later wait.
#pragma once

#include <chrono>
#include <mutex>
#include <stop_token>
#include <string>

#include "vellum/sdk/host_context.hpp"
#include "vellum/storage_sql/sql_backend.hpp"

struct pg_conn;

namespace vellum::storage_postgres {

inline constexpr const char* kChunkChannel = "vellum_chunks";

class ChangeListener final : public storage_sql::ChangeNotices {
 public:
  ChangeListener(std::string conninfo, std::string schema, sdk::HostContext& host);
  ~ChangeListener() override;
  ChangeListener(const ChangeListener&) = delete;
  ChangeListener& operator=(const ChangeListener&) = delete;

  // True when a notice for this schema arrived, or when the connection was just (re)opened: what
  // was committed before LISTEN took effect was announced to nobody, so the feed must be read once.
  [[nodiscard]] bool wait(std::chrono::milliseconds timeout, std::stop_token stop) override;

 private:
  bool connect();           // false (and logged once per outage) when no connection can be made
  void disconnect();
  bool take_notices();      // consumes what arrived; true when one is for this schema
  bool wait_readable(std::chrono::milliseconds timeout, const std::stop_token& stop);  // false: timeout or stop

  std::string conninfo_;
  std::string schema_;
  sdk::HostContext& host_;
  std::mutex mutex_;        // one waiter on the connection; a second one sleeps out its timeout
  pg_conn* conn_ = nullptr;
  int wake_fd_ = -1;        // eventfd written when a waiter's stop is requested
  bool degraded_ = false;   // the last attempt to listen failed; logged once until it works again
};

}  // namespace vellum::storage_postgres
