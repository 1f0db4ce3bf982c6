#include "vellum/embedding_http/concurrency_limit.hpp"

namespace vellum::embedding_http {

sdk::Result<ConcurrencyLimit::Permit> ConcurrencyLimit::acquire(const sdk::EmbedOptions& options) {
  std::unique_lock lock(mutex_);
  auto free = [this] { return in_flight_ < max_; };
  bool got = false;
  if (options.deadline) {
    got = freed_.wait_until(lock, options.stop, *options.deadline, free);
  } else {
    got = freed_.wait(lock, options.stop, free);
  }
  if (!got) {
    if (options.stop.stop_requested()) {
      return sdk::Error(sdk::ErrorKind::cancelled, "cancelled while waiting for a free request slot");
    }
    return sdk::Error(sdk::ErrorKind::transient, "deadline passed while waiting for a free request slot (concurrency " +
                                                     std::to_string(max_) + ")");
  }
  ++in_flight_;
  return Permit(this);
}

void ConcurrencyLimit::release() {
  {
    std::lock_guard lock(mutex_);
    --in_flight_;
  }
  freed_.notify_one();
}

}  // namespace vellum::embedding_http
