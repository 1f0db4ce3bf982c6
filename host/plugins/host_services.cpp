#include "plugins/host_services.hpp"

#include "common/clock.hpp"
#include "common/logging.hpp"
#include "metrics/plugin_metric_name.hpp"

namespace vellum::plugins {

void HostServices::log(sdk::LogLevel level, std::string_view message) { log_message(level, message); }

sdk::Timestamp HostServices::now() const { return now_ms(); }

void HostServices::record_metric(std::string_view name, double value, std::string_view unit) {
  record_plugin_metric({}, name, value, unit);
}

void HostServices::record_plugin_metric(const metrics::Labels& labels, std::string_view name, double value,
                                        std::string_view unit) {
  const auto sample = metrics::plugin_sample(name, value, unit);
  // A plugin's metric that cannot be exported is the plugin author's to fix: say so, not on every sample.
  if (!sample) {
    unusable_names_.warn(name, "metrics: '" + std::string(name) + "' has nothing a metric name can be made of; dropped");
    return;
  }
  if (!metrics::record_plugin_sample(metrics_, *sample, labels)) {
    unusable_names_.warn(name, "metrics: '" + std::string(name) + "' (" + std::string(unit) + ") maps to " +
                                   sample->family + ", which already has another type; dropped");
  }
}

}  // namespace vellum::plugins
