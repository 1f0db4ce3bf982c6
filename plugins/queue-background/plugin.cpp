// Registers the background queue with the host: its settings table and its factory. The factory only
// reads settings (the import command creates strategies just to ask uses_task_table()); threads
// start in start().
#include "background_queue.hpp"
#include "settings.hpp"
#include "vellum/sdk/abi.hpp"

namespace vellum::queue_background {
namespace {

sdk::Result<sdk::QueuePtr> make_background_queue(const sdk::PluginConfig& config, sdk::HostContext& host) {
  auto read = read_settings(config);
  if (!read) return std::move(read).error();
  for (const auto& warning : read.value().warnings) host.log(sdk::LogLevel::warn, warning);
  return sdk::QueuePtr(std::make_shared<BackgroundQueue>(read.value().settings, host));
}

}  // namespace
}  // namespace vellum::queue_background

VELLUM_PLUGIN(queue, "background", "1.0.0",
              "Durable embedding queue: outbox tasks, leased batch claims, retries with backoff, operator control",
              vellum::queue_background::kOptions, vellum::queue_background::make_background_queue)
