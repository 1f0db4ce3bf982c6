#include "plugins/health_deadline.hpp"

#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace vellum::plugins {

namespace {

// Shared by the waiter and the checking thread, so whichever finishes last frees it.
struct Answer {
  std::mutex mutex;
  std::condition_variable arrived;
  std::optional<sdk::Status> status;
};

}  // namespace

sdk::Status health_within(std::function<sdk::Status()> check, std::chrono::milliseconds deadline) {
  auto answer = std::make_shared<Answer>();
  try {
    std::thread([answer, check = std::move(check)]() mutable {
      sdk::Status status = check();
      check = nullptr;  // release the object before saying so: an abandoned check holds nothing longer
      std::lock_guard lock(answer->mutex);
      answer->status = std::move(status);
      answer->arrived.notify_all();
    }).detach();
  } catch (const std::system_error& e) {  // no thread to be had: say so rather than block without a deadline
    return sdk::Error(sdk::ErrorKind::unavailable, std::string("cannot start the health check: ") + e.what());
  }
  std::unique_lock lock(answer->mutex);
  if (!answer->arrived.wait_for(lock, deadline, [&] { return answer->status.has_value(); })) {
    return sdk::Error(sdk::ErrorKind::unavailable,
                      "no answer within " + std::to_string(deadline.count()) + " ms (plugins.health_check_timeout_ms)");
  }
  return std::move(*answer->status);
}

}  // namespace vellum::plugins
