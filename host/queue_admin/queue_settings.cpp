#include "queue_admin/queue_settings.hpp"

#include <variant>

namespace vellum::queue_admin {

std::string QueueSettingsView::disabled_reason() const {
  if (!semantic_search_enabled) return "semantic search is disabled (semantic_search.enabled / SEMANTIC_SEARCH_ENABLED)";
  if (!queue_enabled || strategy.empty()) return "the embedding queue is disabled (queue.enabled / EMBEDDING_QUEUE_ENABLED)";
  if (strategy != "background") return "the '" + strategy + "' queue strategy embeds inline; there is no background worker";
  return "";
}

QueueSettingsView settings_view(const config::Config& config) {
  QueueSettingsView view;
  view.semantic_search_enabled = config.semantic_search.enabled;
  view.queue_enabled = config.queue_enabled;
  view.strategy = config.queue_enabled ? config.queue.plugin : std::string();
  const auto& s = config.queue.settings;
  using std::chrono::milliseconds;
  view.heartbeat_interval = milliseconds(s.get_integer("heartbeat_interval_ms", view.heartbeat_interval.count()));
  view.poll_interval = milliseconds(s.get_integer("poll_interval_ms", view.poll_interval.count()));
  view.worker_interval = milliseconds(s.get_integer("worker_interval_ms", view.worker_interval.count()));
  view.max_processing_time =
      milliseconds(s.get_integer("max_processing_time_ms", view.max_processing_time.count()));
  // As the background queue derives it (plugins/queue-background/settings.cpp): a worker interval at
  // or above the heartbeat interval raises the heartbeat to twice the worker interval.
  if (view.worker_interval >= view.heartbeat_interval) view.heartbeat_interval = view.worker_interval * 2;
  view.max_retries = static_cast<std::int32_t>(s.get_integer("max_retries", view.max_retries));
  view.batch_size = s.get_integer("batch_size", view.batch_size);
  for (const auto& [key, value] : s.values()) {
    std::visit([&, k = key](const auto& v) { view.settings[k] = v; }, value);
  }
  return view;
}

}  // namespace vellum::queue_admin
