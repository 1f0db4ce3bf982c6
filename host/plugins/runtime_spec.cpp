#include "plugins/runtime_spec.hpp"

namespace vellum::plugins {

RuntimeSpec runtime_spec(const config::Config& config) {
  RuntimeSpec spec;
  spec.embedding = {config.embedding.plugin, config.embedding.settings};
  spec.switching = {config.embedding_switch.automatic_cutover, config.embedding_switch.rollback_window,
                    config.embedding_switch.migration_share};
  spec.storage = {config.storage.plugin, config.storage.settings};
  // With semantic search off nothing may call the provider: no queue strategy runs, so neither a
  // worker (whatever `vellum queue start` says) nor the synchronous strategy embeds.
  if (config.queue_enabled && config.semantic_search.enabled) spec.queue = {config.queue.plugin, config.queue.settings};
  spec.health_check_timeout = config.plugins.health_check_timeout;
  return spec;
}

}  // namespace vellum::plugins
