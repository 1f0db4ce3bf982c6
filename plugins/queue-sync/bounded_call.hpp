// One call into the host's pipeline, cancelled when its caller stops or when `timeout` passes,
// whichever comes first; afterwards it says which of the two it was.
//
//   BoundedCall call(stop, settings.timeout);
//   auto outcomes = pipeline.index_articles(ids, call.token());
//   if (call.timed_out()) ...
#pragma once

#include <chrono>
#include <stop_token>
#include <thread>

namespace vellum::queue_sync {

class BoundedCall {
 public:
  BoundedCall(std::stop_token outer, std::chrono::milliseconds timeout);
  BoundedCall(const BoundedCall&) = delete;
  BoundedCall& operator=(const BoundedCall&) = delete;

  [[nodiscard]] std::stop_token token() const { return call_.get_token(); }
  // The caller asked the call to stop (the strategy is stopping).
  [[nodiscard]] bool stopped() const { return outer_.stop_requested(); }
  // The timeout cancelled it, not the caller.
  [[nodiscard]] bool timed_out() const { return call_.stop_requested() && !outer_.stop_requested(); }

 private:
  struct Forward {
    std::stop_source target;
    void operator()() noexcept { target.request_stop(); }
  };

  std::stop_token outer_;
  std::stop_source call_;
  std::stop_callback<Forward> forward_;
  std::jthread watchdog_;  // destroyed first: requests its stop and joins before the rest goes
};

}  // namespace vellum::queue_sync
