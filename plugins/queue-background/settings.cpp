#include "settings.hpp"

#include <optional>

namespace vellum::queue_background {

namespace {

std::chrono::milliseconds ms(const sdk::PluginConfig& config, std::string_view key) {
  return std::chrono::milliseconds(config.get_integer(key));
}

// "queue.background.lease_ms (90000)": how messages name a setting and the value it has.
std::string named(const sdk::PluginConfig& config, std::string_view key) {
  return config.section() + "." + std::string(key) + " (" + std::to_string(config.get_integer(key)) + ")";
}

}  // namespace

sdk::Result<ReadSettings> read_settings(const sdk::PluginConfig& config) {
  ReadSettings out;
  auto& s = out.settings;
  s.worker_interval = ms(config, "worker_interval_ms");
  s.poll_interval = ms(config, "poll_interval_ms");
  s.max_retries = static_cast<std::int32_t>(config.get_integer("max_retries"));
  s.backoff_base = ms(config, "retry_backoff_base_ms");
  s.backoff_cap = ms(config, "retry_backoff_cap_ms");
  s.jitter_percent = static_cast<int>(config.get_integer("retry_jitter_percent"));
  s.batch_size = static_cast<std::size_t>(config.get_integer("batch_size"));
  s.workers = static_cast<std::size_t>(config.get_integer("workers"));
  s.task_timeout = ms(config, "task_timeout_ms");
  s.lease = ms(config, "lease_ms");
  s.max_processing_time = ms(config, "max_processing_time_ms");
  s.stuck_task_cleanup = config.get_boolean("stuck_task_cleanup_enabled");
  s.heartbeat_interval = ms(config, "heartbeat_interval_ms");
  s.metrics_interval = ms(config, "metrics_interval_ms");
  s.cleanup_interval = std::chrono::hours(config.get_integer("cleanup_interval_hours"));
  s.task_retention_days = static_cast<int>(config.get_integer("cleanup_retention_days"));
  s.audit_retention_days = static_cast<int>(config.get_integer("audit_retention_days"));
  s.metrics_retention_days = static_cast<int>(config.get_integer("metrics_retention_days"));

  // The guide's resource relief sets only the worker interval (EMBEDDING_WORKER_INTERVAL=30000); the
  // heartbeat, written between polls, follows it instead of refusing the value. The host's view of
  // the queue derives it alike (host/queue_admin/queue_settings.cpp), to judge heartbeats' age.
  std::optional<std::string> derived;
  if (s.worker_interval >= s.heartbeat_interval) {
    const auto raised = s.worker_interval * 2;
    derived = named(config, "heartbeat_interval_ms") + " raised to " + std::to_string(raised.count()) +
              ": it must exceed " + named(config, "worker_interval_ms");
    s.heartbeat_interval = raised;
  }

  // The cross-checks of the previous queue (queue-spec §5.1), then ours. All are reported at once.
  std::vector<std::string> errors;
  auto require = [&](bool ok, std::string message) {
    if (!ok) errors.push_back(std::move(message));
  };
  require(s.backoff_base < s.max_processing_time / 2,
          named(config, "retry_backoff_base_ms") + " must be less than half of " +
              named(config, "max_processing_time_ms"));
  require(s.heartbeat_interval < s.max_processing_time,
          (derived ? config.section() + ".heartbeat_interval_ms (raised to " +
                         std::to_string(s.heartbeat_interval.count()) + " for worker_interval_ms)"
                   : named(config, "heartbeat_interval_ms")) +
              " must be less than " + named(config, "max_processing_time_ms"));
  require(s.backoff_cap >= s.backoff_base,
          named(config, "retry_backoff_cap_ms") + " must be at least " + named(config, "retry_backoff_base_ms"));
  // A batch still legitimately running must not be taken back by the rescuer.
  require(s.task_timeout <= s.max_processing_time,
          named(config, "task_timeout_ms") + " must not exceed " + named(config, "max_processing_time_ms"));
  require(s.lease <= s.max_processing_time,
          named(config, "lease_ms") + " must not exceed " + named(config, "max_processing_time_ms"));
  if (!errors.empty()) {
    std::string message = "invalid queue settings: ";
    for (std::size_t i = 0; i < errors.size(); ++i) message += (i ? "; " : "") + errors[i];
    return sdk::Error(sdk::ErrorKind::invalid_argument, message);
  }

  auto warn = [&](bool unusual, std::string message) {
    if (unusual) out.warnings.push_back(std::move(message));
  };
  if (derived) out.warnings.push_back(*derived);
  warn(s.worker_interval < std::chrono::milliseconds(2000),
       named(config, "worker_interval_ms") + " is below 2000: an idle queue polls the database often");
  warn(s.worker_interval > std::chrono::milliseconds(30000),
       named(config, "worker_interval_ms") + " is above 30000: tasks written by other processes wait long");
  warn(s.max_retries > 5, named(config, "max_retries") + " is above 5: a broken article is retried for a long time");
  warn(s.task_retention_days < 7,
       named(config, "cleanup_retention_days") + " is below 7: completed tasks vanish before anyone looks");
  warn(s.max_processing_time < std::chrono::minutes(5),
       named(config, "max_processing_time_ms") + " is below 300000: large batches may be taken back while running");
  return out;
}

}  // namespace vellum::queue_background
