#include "plugins/host_services.hpp"

#include "common/clock.hpp"
#include "common/logging.hpp"

namespace vellum::plugins {

void HostServices::log(sdk::LogLevel level, std::string_view message) { log_message(level, message); }

sdk::Timestamp HostServices::now() const { return now_ms(); }

void HostServices::record_metric(std::string_view name, double value, std::string_view unit) {
  std::lock_guard lock(metrics_mutex_);
  auto it = metrics_.find(name);
  if (it == metrics_.end()) it = metrics_.emplace(std::string(name), MetricValue{}).first;
  it->second.last = value;
  it->second.sum += value;
  it->second.count += 1;
  it->second.unit = std::string(unit);
}

std::map<std::string, MetricValue> HostServices::metrics() const {
  std::lock_guard lock(metrics_mutex_);
  return {metrics_.begin(), metrics_.end()};
}

}  // namespace vellum::plugins
