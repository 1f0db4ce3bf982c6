// Latency samples → percentiles, reported as Google Benchmark counters (milliseconds), so every bench
// prints p50/p99 the same way next to its throughput.
#pragma once

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

namespace vellum::bench {

class Latencies {
 public:
  void reserve(std::size_t n) { samples_.reserve(n); }
  void add(std::chrono::steady_clock::duration d) {
    samples_.push_back(std::chrono::duration<double, std::milli>(d).count());
  }
  void merge(const Latencies& other) { samples_.insert(samples_.end(), other.samples_.begin(), other.samples_.end()); }
  [[nodiscard]] std::size_t size() const noexcept { return samples_.size(); }

  // Nearest-rank percentile in milliseconds; 0 when there are no samples.
  [[nodiscard]] double percentile(double p) {
    if (samples_.empty()) return 0;
    std::sort(samples_.begin(), samples_.end());
    auto rank = static_cast<std::size_t>(p / 100.0 * static_cast<double>(samples_.size() - 1) + 0.5);
    return samples_[std::min(rank, samples_.size() - 1)];
  }

  // p50_ms and p99_ms (plus max_ms) as plain counters: they are per-request figures, not rates.
  void report(benchmark::State& state, const char* prefix = "") {
    const std::string p(prefix);
    state.counters[p + "p50_ms"] = percentile(50);
    state.counters[p + "p99_ms"] = percentile(99);
    state.counters[p + "max_ms"] = percentile(100);
  }

 private:
  std::vector<double> samples_;
};

}  // namespace vellum::bench
