// Registers the synchronous strategy with the host: its settings table and its factory.
#include "sync_queue.hpp"
#include "vellum/sdk/abi.hpp"

namespace vellum::queue_sync {
namespace {

constexpr sdk::ConfigOption kOptions[] = {
    sdk::option_integer("timeout_ms", "60000", 100, 3600000,
                        "An inline indexing (or a batch of queued tasks) still running after this is cancelled; "
                        "the article is queued as a task"),
    sdk::option_integer("retry_delay_ms", "30000", 10, 86400000,
                        "An article that failed inline, or a queued task that failed, is tried again after this"),
    sdk::option_integer("poll_interval_ms", "5000", 10, 3600000,
                        "How often the task table is looked at for due tasks (left by a background queue, "
                        "reindex, or failed inline)"),
    sdk::option_integer("batch_size", "10", 1, 1000, "Queued tasks claimed and embedded together"),
};

sdk::Result<sdk::QueuePtr> make_sync_queue(const sdk::PluginConfig& config, sdk::HostContext& host) {
  SyncSettings settings;
  settings.timeout = std::chrono::milliseconds(config.get_integer("timeout_ms"));
  settings.retry_delay = std::chrono::milliseconds(config.get_integer("retry_delay_ms"));
  settings.poll_interval = std::chrono::milliseconds(config.get_integer("poll_interval_ms"));
  settings.batch_size = static_cast<std::size_t>(config.get_integer("batch_size"));
  return sdk::QueuePtr(std::make_shared<SyncQueue>(settings, host));
}

}  // namespace
}  // namespace vellum::queue_sync

VELLUM_PLUGIN(queue, "sync", "1.0.0",
              "Embeds each article inline after its write commits (no task per write); works off queued tasks",
              vellum::queue_sync::kOptions, vellum::queue_sync::make_sync_queue)
