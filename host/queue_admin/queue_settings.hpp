// What queue administration needs to know of the configuration: whether the system is on at all, which
// strategy runs, and the background worker's timings (a worker is Stale after 2 × heartbeat interval).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "config/config.hpp"

namespace vellum::queue_admin {

struct QueueSettingsView {
  bool semantic_search_enabled = true;
  bool queue_enabled = true;
  std::string strategy;  // "background", "sync", "" when none
  std::chrono::milliseconds heartbeat_interval{30000};
  std::chrono::milliseconds poll_interval{1000};
  std::chrono::milliseconds worker_interval{5000};
  std::chrono::milliseconds max_processing_time{1800000};
  std::int32_t max_retries = 3;
  std::int64_t batch_size = 10;
  nlohmann::json settings = nlohmann::json::object();  // the strategy's effective settings

  // Why nothing is processed in the background, "" when the background queue is on.
  [[nodiscard]] std::string disabled_reason() const;
  // max_attempts for tasks queued by admin commands: what the worker's retry settings allow.
  [[nodiscard]] std::int32_t max_attempts() const { return max_retries + 1; }
  [[nodiscard]] std::chrono::milliseconds stale_after() const { return 2 * heartbeat_interval; }
};

[[nodiscard]] QueueSettingsView settings_view(const config::Config& config);

}  // namespace vellum::queue_admin
