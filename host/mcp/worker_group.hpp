// Threads that run streamed requests. Each runs detached from the HTTP handler that started it (the
// handler only relays its messages), so the group counts them and its owner waits for the last one
// before the dispatcher they use goes away.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>

namespace vellum::mcp {

class WorkerGroup {
 public:
  WorkerGroup() = default;
  ~WorkerGroup() { wait_idle(); }
  WorkerGroup(const WorkerGroup&) = delete;
  WorkerGroup& operator=(const WorkerGroup&) = delete;

  // Runs `work` on a new thread; false (and nothing runs) when the thread cannot be created.
  bool spawn(std::function<void()> work);
  void wait_idle();
  [[nodiscard]] std::size_t running() const;

 private:
  mutable std::mutex mutex_;
  std::condition_variable idle_;
  std::size_t running_ = 0;
};

}  // namespace vellum::mcp
