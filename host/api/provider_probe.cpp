#include "api/provider_probe.hpp"

#include <condition_variable>
#include <optional>
#include <string>
#include <system_error>
#include <thread>

namespace vellum::api {

// Shared by the checking thread and every waiter: whoever finishes last frees it.
struct ProviderProbe::Check {
  std::mutex mutex;
  std::condition_variable done;
  std::optional<sdk::Status> status;

  [[nodiscard]] bool finished() {
    std::lock_guard lock(mutex);
    return status.has_value();
  }
};

sdk::Status ProviderProbe::check(const std::shared_ptr<sdk::EmbeddingProvider>& provider,
                                 std::chrono::milliseconds deadline) {
  std::shared_ptr<Check> check;
  {
    std::lock_guard lock(mutex_);
    if (!running_ || provider_ != provider.get() || running_->finished()) {
      auto fresh = std::make_shared<Check>();
      try {
        // The thread owns the provider (and so its library) until health() returns.
        std::thread([fresh, provider] {
          sdk::Status status = provider->health();
          std::lock_guard done_lock(fresh->mutex);
          fresh->status = std::move(status);
          fresh->done.notify_all();
        }).detach();
      } catch (const std::system_error& e) {
        return sdk::Error(sdk::ErrorKind::unavailable, std::string("cannot start the health check: ") + e.what());
      }
      running_ = std::move(fresh);
      provider_ = provider.get();
    }
    check = running_;
  }
  std::unique_lock lock(check->mutex);
  if (!check->done.wait_for(lock, deadline, [&] { return check->status.has_value(); })) {
    return sdk::Error(sdk::ErrorKind::unavailable,
                      "no answer within " + std::to_string(deadline.count()) + " ms (the check goes on)");
  }
  return *check->status;
}

}  // namespace vellum::api
