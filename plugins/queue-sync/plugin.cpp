// Registers the synchronous strategy with the host: its settings table and its factory.
#include "sync_queue.hpp"
#include "vellum/sdk/abi.hpp"

namespace vellum::queue_sync {
namespace {

constexpr sdk::ConfigOption kOptions[] = {
    sdk::option_integer("timeout_ms", "60000", 100, 3600000,
                        "An inline indexing still running after this is cancelled; the article stays unindexed"),
};

sdk::Result<sdk::QueuePtr> make_sync_queue(const sdk::PluginConfig& config, sdk::HostContext& host) {
  SyncSettings settings;
  settings.timeout = std::chrono::milliseconds(config.get_integer("timeout_ms"));
  return sdk::QueuePtr(std::make_shared<SyncQueue>(settings, host));
}

}  // namespace
}  // namespace vellum::queue_sync

VELLUM_PLUGIN(queue, "sync", "1.0.0", "Embeds each article inline after its write commits (no task table)",
              vellum::queue_sync::kOptions, vellum::queue_sync::make_sync_queue)
