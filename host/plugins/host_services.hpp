// The host's side of sdk::HostContext: logging, clock, metrics and the queue host, shared by every
// plugin the process creates.
#pragma once

#include <atomic>
#include <map>
#include <mutex>
#include <string>

#include "vellum/sdk/host_context.hpp"
#include "vellum/sdk/queue.hpp"

namespace vellum::plugins {

struct MetricValue {
  double last = 0;
  double sum = 0;
  std::uint64_t count = 0;
  std::string unit;
};

class HostServices final : public sdk::HostContext {
 public:
  explicit HostServices(std::string data_dir) : data_dir_(std::move(data_dir)) {}

  void log(sdk::LogLevel level, std::string_view message) override;
  [[nodiscard]] sdk::Timestamp now() const override;
  void record_metric(std::string_view name, double value, std::string_view unit) override;
  [[nodiscard]] const std::string& data_dir() const override { return data_dir_; }
  [[nodiscard]] sdk::QueueHost* queue_host() override { return queue_host_.load(); }

  // Set once the indexing pipeline exists; queue strategies created before it see nullptr.
  void set_queue_host(sdk::QueueHost* host) { queue_host_.store(host); }
  [[nodiscard]] std::map<std::string, MetricValue> metrics() const;

 private:
  std::string data_dir_;
  std::atomic<sdk::QueueHost*> queue_host_{nullptr};
  mutable std::mutex metrics_mutex_;
  std::map<std::string, MetricValue, std::less<>> metrics_;
};

}  // namespace vellum::plugins
