#include "mcp/worker_group.hpp"

#include <system_error>
#include <thread>

#include <spdlog/spdlog.h>

namespace vellum::mcp {

bool WorkerGroup::spawn(std::function<void()> work) {
  {
    std::lock_guard lock(mutex_);
    ++running_;
  }
  try {
    std::thread([this, work = std::move(work)] {
      try {
        work();
      } catch (...) {
        spdlog::error("mcp: a request thread ended with an exception");
      }
      std::lock_guard lock(mutex_);
      if (--running_ == 0) idle_.notify_all();
    }).detach();
    return true;
  } catch (const std::system_error& e) {
    spdlog::error("mcp: cannot start a request thread: {}", e.what());
    std::lock_guard lock(mutex_);
    if (--running_ == 0) idle_.notify_all();
    return false;
  }
}

void WorkerGroup::wait_idle() {
  std::unique_lock lock(mutex_);
  idle_.wait(lock, [this] { return running_ == 0; });
}

std::size_t WorkerGroup::running() const {
  std::lock_guard lock(mutex_);
  return running_;
}

}  // namespace vellum::mcp
