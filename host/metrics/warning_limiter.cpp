#include "metrics/warning_limiter.hpp"

#include <spdlog/spdlog.h>

namespace vellum::metrics {

std::string WarningLimiter::line(std::string_view key, std::string_view message, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  auto it = keys_.find(key);
  if (it == keys_.end()) {
    keys_.emplace(std::string(key), KeyState{now, 0});
    return std::string(message);
  }
  auto& state = it->second;
  if (now - state.last_logged < interval_) {
    ++state.held_back;
    return {};
  }
  std::string out(message);
  if (state.held_back > 0) out += " (" + std::to_string(state.held_back) + " more since the last line)";
  state = {now, 0};
  return out;
}

void WarningLimiter::warn(std::string_view key, std::string_view message) {
  if (auto text = line(key, message, Clock::now()); !text.empty()) spdlog::warn("{}", text);
}

}  // namespace vellum::metrics
