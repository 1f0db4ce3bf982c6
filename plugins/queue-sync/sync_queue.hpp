// The synchronous strategy (queue.strategy: sync), the rollback target of "revert to synchronous
// processing": no task table; after an article write commits, the writer's own thread has the
// host's pipeline index that article, bounded by timeout_ms. A failure never fails the write: it is
// logged, counted and audited, and the article stays visibly unindexed (no chunks) until indexed again.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <stop_token>
#include <string>

#include "sync_settings.hpp"
#include "vellum/sdk/host_context.hpp"
#include "vellum/sdk/queue.hpp"

namespace vellum::queue_sync {

class SyncQueue final : public sdk::QueueStrategy {
 public:
  SyncQueue(SyncSettings settings, sdk::HostContext& host) : settings_(settings), host_(host) {}
  ~SyncQueue() override { stop(); }

  [[nodiscard]] bool uses_task_table() const override { return false; }
  void on_committed(const sdk::ArticleChange& change) override;

  sdk::Status start() override;
  sdk::Status pause() override;
  sdk::Status resume() override;
  sdk::Status drain(std::chrono::steady_clock::time_point deadline) override;
  void stop() override;
  [[nodiscard]] sdk::QueueStatus status() const override;

 private:
  // Indexes one article; answers the failure, if any.
  [[nodiscard]] sdk::Status index(sdk::QueueHost& pipeline, sdk::ArticleId id, std::stop_token stop);
  void left_unindexed(const sdk::ArticleChange& change, const std::string& why);

  const SyncSettings settings_;
  sdk::HostContext& host_;

  mutable std::mutex mutex_;
  std::condition_variable idle_;
  bool running_ = false;
  bool paused_ = false;
  std::stop_source stop_;  // a new one per start(): stop() cancels the calls in progress
  std::int64_t in_flight_ = 0;
  std::int64_t failures_ = 0;
  std::string last_failure_;
};

}  // namespace vellum::queue_sync
