// How a plugin's HostContext::record_metric(name, value, unit) becomes a Prometheus series. The unit
// decides the type, and the name gets the vellum_plugin_ prefix (a plugin cannot collide with the
// host's own families) and a unit suffix:
//   "count"                  counter  vellum_plugin_<name>_total, the values added up
//   "ms", "s"                summary  vellum_plugin_<name>_seconds (_sum and _count), in seconds
//   "percent"                gauge    vellum_plugin_<name>_ratio, the last value / 100
//   anything else ("bytes")  gauge    vellum_plugin_<name>_<unit> (no suffix for ""), the last value
// <name> and <unit> are made valid name fragments (prometheus_name.hpp): "queue.sync_failures" with
// "count" is vellum_plugin_queue_sync_failures_total.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "metrics/metric_registry.hpp"

namespace vellum::metrics {

struct PluginSample {
  std::string family;  // the Prometheus name
  MetricType type = MetricType::gauge;
  double value = 0;  // in the family's unit
  std::string help;
};

// nullopt when the name has nothing a metric name can be made of.
[[nodiscard]] std::optional<PluginSample> plugin_sample(std::string_view name, double value, std::string_view unit);

// Records the sample under `labels` (the plugin and its slot), declaring its family on first use. A
// name already declared with another type is dropped and false returned.
bool record_plugin_sample(Registry& registry, const PluginSample& sample, const Labels& labels);

}  // namespace vellum::metrics
