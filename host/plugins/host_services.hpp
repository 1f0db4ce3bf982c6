// The host's side of sdk::HostContext: logging, clock, metrics and the queue host, shared by every
// plugin the process creates. It owns the process's metrics registry (metrics/metric_registry.hpp):
// what plugins record lands there, labelled by plugin and slot (plugin_host_context.hpp), and the
// host's own parts (search, the change-feed follower, provider calls) write there too.
#pragma once

#include <atomic>
#include <chrono>
#include <string>

#include "metrics/metric_registry.hpp"
#include "metrics/warning_limiter.hpp"
#include "vellum/sdk/host_context.hpp"
#include "vellum/sdk/queue.hpp"

namespace vellum::plugins {

class HostServices final : public sdk::HostContext {
 public:
  explicit HostServices(std::string data_dir) : data_dir_(std::move(data_dir)) {}

  void log(sdk::LogLevel level, std::string_view message) override;
  [[nodiscard]] sdk::Timestamp now() const override;
  // Without labels: what a caller records that holds the host's services directly, not a plugin's context.
  void record_metric(std::string_view name, double value, std::string_view unit) override;
  [[nodiscard]] const std::string& data_dir() const override { return data_dir_; }
  [[nodiscard]] sdk::QueueHost* queue_host() override { return queue_host_.load(); }

  // Set once the indexing pipeline exists; queue strategies created before it see nullptr.
  void set_queue_host(sdk::QueueHost* host) { queue_host_.store(host); }

  // A plugin's sample, mapped to a Prometheus series (metrics/plugin_metric_name.hpp) under `labels`.
  void record_plugin_metric(const metrics::Labels& labels, std::string_view name, double value, std::string_view unit);
  [[nodiscard]] metrics::Registry& metrics() noexcept { return metrics_; }

 private:
  std::string data_dir_;
  std::atomic<sdk::QueueHost*> queue_host_{nullptr};
  metrics::Registry metrics_;
  metrics::WarningLimiter unusable_names_{std::chrono::minutes(10)};
};

}  // namespace vellum::plugins
