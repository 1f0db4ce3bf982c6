// What the host lends a plugin: a logger, a clock, metrics, the data directory, and — for queue
// strategies — the host's indexing pipeline. Owned by the host; valid for the plugin object's lifetime.
#pragma once

#include <string>
#include <string_view>

#include "vellum/sdk/types.hpp"

namespace vellum::sdk {

class QueueHost;

enum class LogLevel { trace, debug, info, warn, error };

class HostContext {
 public:
  virtual ~HostContext() = default;

  virtual void log(LogLevel level, std::string_view message) = 0;
  [[nodiscard]] virtual Timestamp now() const = 0;
  // Adds a sample to the host's metrics registry, labelled with this plugin's name and slot. `vellum
  // serve` exports it on GET /metrics (Prometheus text) and lists it in the admin's GET /health. The
  // unit decides the kind: "count" adds up (vellum_plugin_<name>_total, a counter); "ms" or "s" are
  // durations (vellum_plugin_<name>_seconds, a summary of sum and count); anything else keeps the last
  // value (a gauge; "percent" becomes vellum_plugin_<name>_ratio, other units a _<unit> suffix). The
  // name may use dots ("queue.sync_failures"); other characters a metric name cannot hold become '_'.
  // The samples a queue strategy stores in the metrics repository are what `vellum queue metrics`
  // reads; this call does not write there.
  virtual void record_metric(std::string_view name, double value, std::string_view unit) = 0;
  // Directory relative paths in plugin settings resolve against (default ./data).
  [[nodiscard]] virtual const std::string& data_dir() const = 0;
  // The indexing pipeline and storage a queue strategy works with; nullptr for other slots.
  [[nodiscard]] virtual QueueHost* queue_host() = 0;
};

}  // namespace vellum::sdk
