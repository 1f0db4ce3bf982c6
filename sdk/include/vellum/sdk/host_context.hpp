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
  // Adds a sample to the host's metrics (exported on /health and `vellum queue metrics`).
  virtual void record_metric(std::string_view name, double value, std::string_view unit) = 0;
  // Directory relative paths in plugin settings resolve against (default ./data).
  [[nodiscard]] virtual const std::string& data_dir() const = 0;
  // The indexing pipeline and storage a queue strategy works with; nullptr for other slots.
  [[nodiscard]] virtual QueueHost* queue_host() = 0;
};

}  // namespace vellum::sdk
