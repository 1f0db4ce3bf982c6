// The sync strategy's one thread for the task table. Writes under sync leave no task, but tasks still
// reach the table: the ones a background queue held or had pending when the strategy was swapped to
// sync, writes that committed on the old runtime just after the swap, `vellum reindex` and `vellum
// queue migrate`, and this strategy's own parked articles (parking.hpp). Without a claimant they would
// wait forever. The backlog claims them like a background worker (lease, claimant-guarded
// transitions, the control row's pause and emergency stop honoured), so processes sharing a database
// never embed one task twice, and each claim first rescues expired leases, so tasks a crashed process
// held are not stranded either.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include "busy_articles.hpp"
#include "sync_settings.hpp"
#include "vellum/sdk/host_context.hpp"
#include "vellum/sdk/queue.hpp"

namespace vellum::queue_sync {

class Backlog {
 public:
  Backlog(const SyncSettings& settings, sdk::HostContext& host, BusyArticles& busy)
      : settings_(settings), host_(host), busy_(busy) {}
  ~Backlog() { stop(); }
  Backlog(const Backlog&) = delete;
  Backlog& operator=(const Backlog&) = delete;

  void start();
  // Cancels the batch in flight (its tasks go back to pending, attempt refunded) and joins.
  void stop();
  // A task may be due now (one was parked): look without waiting for the poll interval.
  void wake();
  // While held (pause, drain) nothing is claimed. Returns once a claim in progress has finished, so a
  // task written after hold(true) returns is not claimed until hold(false).
  void hold(bool held);
  // Waits until no claimed task is in hand, or the deadline; true when idle.
  [[nodiscard]] bool wait_idle(std::chrono::steady_clock::time_point deadline);
  [[nodiscard]] std::int64_t tasks_in_hand() const;

 private:
  void run(std::stop_token stop);
  // Claims one batch, indexes it and records each task's outcome; answers how many were claimed.
  std::size_t work_batch(sdk::QueueHost& pipeline, sdk::StorageBackend& storage, std::stop_token stop);
  [[nodiscard]] std::vector<sdk::Task> claim(sdk::QueueHost& pipeline, sdk::StorageBackend& storage);

  const SyncSettings settings_;
  sdk::HostContext& host_;
  BusyArticles& busy_;

  mutable std::mutex mutex_;
  std::condition_variable_any changed_;
  bool held_ = false;
  bool wake_ = false;
  bool claiming_ = false;        // a claim's transaction is running
  std::int64_t in_hand_ = 0;     // tasks claimed and not yet recorded
  std::int64_t claims_ = 0;      // numbers this process's claims: "<worker identity>/sync-<n>"
  std::jthread thread_;
};

}  // namespace vellum::queue_sync
