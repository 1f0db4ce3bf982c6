// The synchronous strategy (queue.strategy: sync), the rollback target of "revert to synchronous
// processing": a write leaves no task; after it commits, the writer's own thread has the host's
// pipeline index that article, bounded by timeout_ms. A failure never fails the write. What cannot be
// indexed inline — the call failed or timed out, the strategy stopped while it ran (a hot swap to the
// background queue, shutdown), or the write committed once the strategy had stopped or while it was
// paused — becomes a pending task (parking.hpp), so no swap and no failure loses an article. The
// backlog (backlog.hpp) works off the task table meanwhile: tasks a background queue left behind,
// queued re-embedding, and those parked articles.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <stop_token>
#include <string>

#include "backlog.hpp"
#include "busy_articles.hpp"
#include "parking.hpp"
#include "sync_settings.hpp"
#include "vellum/sdk/host_context.hpp"
#include "vellum/sdk/queue.hpp"

namespace vellum::queue_sync {

class SyncQueue final : public sdk::QueueStrategy {
 public:
  SyncQueue(SyncSettings settings, sdk::HostContext& host)
      : settings_(settings), host_(host), backlog_(settings_, host, busy_) {}
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
  // Indexes one article inline; answers the failure, if any, and whether the strategy stopping cut it.
  [[nodiscard]] sdk::Status index(sdk::QueueHost& pipeline, sdk::ArticleId id, std::stop_token stop,
                                  Shortfall& why);
  // Queues the article as a task and says so (log, metric, audit, status).
  void left_unindexed(const sdk::ArticleChange& change, Shortfall why, const std::string& error);

  const SyncSettings settings_;
  sdk::HostContext& host_;
  BusyArticles busy_;
  Backlog backlog_;

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
