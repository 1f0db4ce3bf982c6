// One start()..stop() of the background queue: the scheduler thread, `workers` worker threads and
// the maintenance thread around one RunState. stop() cancels in-flight provider calls, waits for the
// threads, and hands every task still held back to the queue without spending an attempt.
#pragma once

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "run_state.hpp"

namespace vellum::queue_background {

class WorkerRun {
 public:
  WorkerRun(const BackgroundSettings& settings, sdk::HostContext& host, std::string worker_id,
            WorkerCounters& counters);
  ~WorkerRun();
  WorkerRun(const WorkerRun&) = delete;
  WorkerRun& operator=(const WorkerRun&) = delete;

  void start();
  void stop();
  [[nodiscard]] RunState& state() { return state_; }

 private:
  RunState state_;
  std::vector<std::jthread> threads_;
  bool stopped_ = false;
};

}  // namespace vellum::queue_background
