#include "bounded_call.hpp"

#include <condition_variable>
#include <mutex>

namespace vellum::queue_sync {

BoundedCall::BoundedCall(std::stop_token outer, std::chrono::milliseconds timeout)
    : outer_(outer),
      forward_(outer, Forward{call_}),
      watchdog_([call = call_, timeout](std::stop_token finished) mutable {
        std::mutex m;
        std::condition_variable_any cv;
        std::unique_lock lock(m);
        // Returns early only when the call finished (this thread's stop was requested).
        if (!cv.wait_for(lock, finished, timeout, [] { return false; }) && !finished.stop_requested()) {
          call.request_stop();
        }
      }) {}

}  // namespace vellum::queue_sync
