// The settings of queue.background: the table the host validates (ranges of queue-spec §5.1 for the
// established EMBEDDING_QUEUE_* keys) and the typed view the worker reads, with the cross-checks a
// table cannot express.
//
// Timing keys that tests need at millisecond scale are separate keys with small minimums
// (poll_interval_ms, lease_ms, task_timeout_ms), so the operator-facing ranges of the spec stay as
// operators know them.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "vellum/sdk/plugin_config.hpp"
#include "vellum/sdk/result.hpp"

namespace vellum::queue_background {

inline constexpr sdk::ConfigOption kOptions[] = {
    sdk::option_integer("worker_interval_ms", "5000", 1000, 300000,
                        "Idle wait between claims when the queue had nothing due (EMBEDDING_QUEUE_WORKER_INTERVAL)"),
    sdk::option_integer("poll_interval_ms", "1000", 10, 60000,
                        "How often the control row is read: pause, drain and emergency stop act within this"),
    sdk::option_integer("max_retries", "3", 0, 10,
                        "Retries after the first attempt; new tasks get max_attempts = max_retries + 1"),
    sdk::option_integer("retry_backoff_base_ms", "1000", 100, 60000,
                        "First retry delay; doubles per failed attempt (EMBEDDING_QUEUE_RETRY_BACKOFF_BASE)"),
    sdk::option_integer("retry_backoff_cap_ms", "300000", 100, 86400000, "Longest retry delay"),
    sdk::option_integer("retry_jitter_percent", "10", 0, 50,
                        "Retry delays vary by up to this much either way, so failed tasks do not retry in step"),
    sdk::option_integer("batch_size", "10", 1, 100,
                        "Tasks claimed at once per worker thread and embedded together (EMBEDDING_QUEUE_BATCH_SIZE)"),
    sdk::option_integer("workers", "1", 1, 16, "Worker threads in this process (EMBEDDING_CONCURRENT_WORKERS)"),
    sdk::option_integer("task_timeout_ms", "300000", 100, 7200000,
                        "A batch still embedding after this is cancelled and counts as a failed attempt "
                        "(EMBEDDING_WORKER_TIMEOUT)"),
    sdk::option_integer("lease_ms", "60000", 100, 7200000,
                        "A claimed task whose worker stops renewing it (a crashed process) is rescued after this"),
    sdk::option_integer("max_processing_time_ms", "1800000", 60000, 7200000,
                        "Longest a task may stay claimed, even by a live worker (EMBEDDING_QUEUE_MAX_PROCESSING_TIME)"),
    sdk::option_boolean("stuck_task_cleanup_enabled", "true",
                        "Rescue tasks with expired leases at start and every heartbeat (or lease, if shorter)"),
    sdk::option_integer("heartbeat_interval_ms", "30000", 5000, 300000,
                        "How often this process's row in embedding_worker_status is refreshed"),
    sdk::option_integer("metrics_interval_ms", "60000", 10000, 3600000,
                        "How often queue depth, throughput and error rate are sampled"),
    sdk::option_integer("cleanup_interval_hours", "24", 1, 168,
                        "How often old tasks, audit rows and metrics are deleted (also once at start)"),
    sdk::option_integer("cleanup_retention_days", "30", 1, 365, "Completed tasks older than this are deleted"),
    sdk::option_integer("audit_retention_days", "90", 1, 3650, "Audit log rows older than this are deleted"),
    sdk::option_integer("metrics_retention_days", "30", 1, 3650, "Metric samples older than this are deleted"),
};

struct BackgroundSettings {
  std::chrono::milliseconds worker_interval{5000};
  std::chrono::milliseconds poll_interval{1000};
  std::int32_t max_retries = 3;
  std::chrono::milliseconds backoff_base{1000};
  std::chrono::milliseconds backoff_cap{300000};
  int jitter_percent = 10;
  std::size_t batch_size = 10;
  std::size_t workers = 1;
  std::chrono::milliseconds task_timeout{300000};
  std::chrono::milliseconds lease{60000};
  std::chrono::milliseconds max_processing_time{1800000};
  bool stuck_task_cleanup = true;
  std::chrono::milliseconds heartbeat_interval{30000};
  std::chrono::milliseconds metrics_interval{60000};
  std::chrono::hours cleanup_interval{24};
  int task_retention_days = 30;
  int audit_retention_days = 90;
  int metrics_retention_days = 30;

  // One rule for attempts: the claim counts an attempt; a task is failed for good once
  // attempts >= its max_attempts column, which new tasks get from here.
  [[nodiscard]] std::int32_t max_attempts() const { return max_retries + 1; }
  // Expired leases are looked for this often.
  [[nodiscard]] std::chrono::milliseconds reap_interval() const { return std::min(heartbeat_interval, lease); }
};

struct ReadSettings {
  BackgroundSettings settings;
  std::vector<std::string> warnings;  // legal but unusual values, logged at creation
};

// Reads the validated section; invalid_argument naming the keys when a combination cannot work.
[[nodiscard]] sdk::Result<ReadSettings> read_settings(const sdk::PluginConfig& config);

}  // namespace vellum::queue_background
