// A HostContext for tests: records log lines and metrics so a test can look at them, and serves a
// data directory the test chooses. Thread-safe, since backends log from several threads.
#pragma once

#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "vellum/sdk/host_context.hpp"

namespace vellum::test {

class TestHostContext final : public sdk::HostContext {
 public:
  struct LogLine {
    sdk::LogLevel level;
    std::string message;
  };

  explicit TestHostContext(std::string data_dir = ".") : data_dir_(std::move(data_dir)) {}

  void log(sdk::LogLevel level, std::string_view message) override;
  [[nodiscard]] sdk::Timestamp now() const override;
  void record_metric(std::string_view name, double value, std::string_view unit) override;
  [[nodiscard]] const std::string& data_dir() const override { return data_dir_; }
  [[nodiscard]] sdk::QueueHost* queue_host() override { return nullptr; }

  [[nodiscard]] std::vector<LogLine> logs() const;
  // Sum of every sample recorded under `name`.
  [[nodiscard]] double metric_total(std::string_view name) const;

 private:
  std::string data_dir_;
  mutable std::mutex mutex_;
  std::vector<LogLine> logs_;
  std::vector<std::pair<std::string, double>> metrics_;
};

}  // namespace vellum::test
