#include "support/test_host_context.hpp"

#include <chrono>
#include <iostream>

namespace vellum::test {

void TestHostContext::log(sdk::LogLevel level, std::string_view message) {
  std::lock_guard lock(mutex_);
  logs_.push_back(LogLine{level, std::string(message)});
  // Warnings and errors are worth seeing in a failing test's output.
  if (level >= sdk::LogLevel::warn) std::cerr << "[host log] " << message << '\n';
}

sdk::Timestamp TestHostContext::now() const { return std::chrono::system_clock::now(); }

void TestHostContext::record_metric(std::string_view name, double value, std::string_view) {
  std::lock_guard lock(mutex_);
  metrics_.emplace_back(std::string(name), value);
}

std::vector<TestHostContext::LogLine> TestHostContext::logs() const {
  std::lock_guard lock(mutex_);
  return logs_;
}

double TestHostContext::metric_total(std::string_view name) const {
  std::lock_guard lock(mutex_);
  double total = 0;
  for (const auto& [n, v] : metrics_)
    if (n == name) total += v;
  return total;
}

}  // namespace vellum::test
