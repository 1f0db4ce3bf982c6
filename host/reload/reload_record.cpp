#include "reload/reload_record.hpp"

namespace vellum::reload {

void ReloadRecord::set_running(RunningConfig running) {
  std::lock_guard lock(mutex_);
  view_.running = std::move(running);
}

void ReloadRecord::record(ReloadOutcome outcome) {
  std::lock_guard lock(mutex_);
  ++view_.counts[static_cast<std::size_t>(outcome.outcome)];
  view_.last = std::move(outcome);
}

ReloadRecord::View ReloadRecord::view() const {
  std::lock_guard lock(mutex_);
  return view_;
}

}  // namespace vellum::reload
