// The context one plugin object is created with: the host's services, with every metric it records
// labelled by the plugin's name and slot, so two plugins reporting the same name (both SQL backends
// count storage_reconnects) stay apart in /metrics.
#pragma once

#include <string>

#include "plugins/host_services.hpp"

namespace vellum::plugins {

class PluginHostContext final : public sdk::HostContext {
 public:
  PluginHostContext(HostServices& host, const std::string& plugin, sdk::Slot slot)
      : host_(host), labels_{{"plugin", plugin}, {"slot", sdk::to_string(slot)}} {}

  void log(sdk::LogLevel level, std::string_view message) override { host_.log(level, message); }
  [[nodiscard]] sdk::Timestamp now() const override { return host_.now(); }
  void record_metric(std::string_view name, double value, std::string_view unit) override {
    host_.record_plugin_metric(labels_, name, value, unit);
  }
  [[nodiscard]] const std::string& data_dir() const override { return host_.data_dir(); }
  [[nodiscard]] sdk::QueueHost* queue_host() override { return host_.queue_host(); }

 private:
  HostServices& host_;
  metrics::Labels labels_;
};

}  // namespace vellum::plugins
