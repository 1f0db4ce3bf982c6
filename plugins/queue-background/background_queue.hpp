// The durable background queue: article writes leave a task row in their own transaction (outbox);
// worker threads claim due tasks in batches with a lease, embed them through the host's pipeline and
// record each outcome with a status- and claimant-guarded transition. Operators steer it through the
// control row of embedding_worker_status (pause, drain, emergency stop), read every poll interval.
#pragma once

#include <memory>
#include <mutex>

#include "settings.hpp"
#include "worker_run.hpp"
#include "vellum/sdk/queue.hpp"

namespace vellum::queue_background {

class BackgroundQueue final : public sdk::QueueStrategy {
 public:
  BackgroundQueue(BackgroundSettings settings, sdk::HostContext& host);
  ~BackgroundQueue() override;

  [[nodiscard]] bool uses_task_table() const override { return true; }
  [[nodiscard]] std::int32_t task_max_attempts() const override { return settings_.max_attempts(); }
  // The task row is already committed; this only wakes the scheduler so a local write is embedded
  // without waiting for the next poll. Never blocks the caller (an HTTP thread).
  void on_committed(const sdk::ArticleChange& change) override;

  sdk::Status start() override;
  sdk::Status pause() override;
  sdk::Status resume() override;
  sdk::Status drain(std::chrono::steady_clock::time_point deadline) override;
  void stop() override;
  [[nodiscard]] sdk::QueueStatus status() const override;

 private:
  [[nodiscard]] std::shared_ptr<WorkerRun> current() const;
  [[nodiscard]] std::string worker_identity() const;

  const BackgroundSettings settings_;
  sdk::HostContext& host_;
  WorkerCounters counters_;
  std::mutex lifecycle_mutex_;        // start and stop, one at a time
  mutable std::mutex current_mutex_;  // only around copies of run_: callers never wait for a stop
  std::shared_ptr<WorkerRun> run_;
};

}  // namespace vellum::queue_background
