// One registry of counters, gauges and summaries (sum and count, no quantiles) for the whole process:
// the host declares its families with their help text at start-up, plugins add theirs through
// HostContext::record_metric (plugins/host_services.hpp maps those), and GET /metrics renders it all in
// the Prometheus text format while the admin /health lists the series.
//
//   registry.declare("vellum_search_semantic_unavailable_total", MetricType::counter, "…");
//   registry.add("vellum_search_semantic_unavailable_total", {{"mode", "hybrid"}}, 1);
//
// Values a scrape must compute when it happens (how far behind something is right now) come from
// collectors, which the registry calls before rendering or listing.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace vellum::metrics {

enum class MetricType { counter, gauge, summary };
[[nodiscard]] std::string_view to_string(MetricType type) noexcept;

// Label name → value; a std::map so the same labels in any order are the same series.
using Labels = std::map<std::string, std::string>;

struct SeriesValue {
  double value = 0;        // counter: total; gauge: last value set; summary: the sum
  std::uint64_t count = 0;  // summary: observations (others: updates, for /health)
};

struct Series {
  std::string name;
  MetricType type = MetricType::gauge;
  Labels labels;
  SeriesValue value;
};

class Registry;
using Collector = std::function<void(Registry&)>;

// Unregisters its collector when destroyed; keep it no longer than what the collector reads.
class CollectorHandle {
 public:
  CollectorHandle() = default;
  CollectorHandle(Registry* registry, std::uint64_t id) : registry_(registry), id_(id) {}
  CollectorHandle(CollectorHandle&& other) noexcept { *this = std::move(other); }
  CollectorHandle& operator=(CollectorHandle&& other) noexcept;
  ~CollectorHandle();

 private:
  Registry* registry_ = nullptr;
  std::uint64_t id_ = 0;
};

class Registry {
 public:
  // Declares a family. Declaring it again with the same type is harmless (the first help stays);
  // false when the name is taken by another type, and nothing changes.
  bool declare(std::string_view name, MetricType type, std::string_view help);

  // Counter: adds `delta` (negative deltas are ignored: a counter only goes up).
  void add(std::string_view name, const Labels& labels, double delta);
  // Gauge: sets the value.
  void set(std::string_view name, const Labels& labels, double value);
  // Summary: adds one observation to the sum and the count.
  void observe(std::string_view name, const Labels& labels, double value);
  // Gauge series no longer true (a provider that is gone) disappear with their labels.
  void remove(std::string_view name, const Labels& labels);

  [[nodiscard]] CollectorHandle add_collector(Collector collector);

  // Every family, its HELP and TYPE lines and its series (a declared family without series too).
  [[nodiscard]] std::string prometheus_text();
  // Every series, by name then labels.
  [[nodiscard]] std::vector<Series> series();

 private:
  friend class CollectorHandle;
  struct Family {
    MetricType type = MetricType::gauge;
    std::string help;
    std::map<Labels, SeriesValue> series;
  };
  // Writes through `update` when `name` is declared as `type`; a sample for an undeclared or
  // mistyped family is dropped (a host bug, which the registry's tests catch).
  void update(std::string_view name, MetricType type, const Labels& labels,
              const std::function<void(SeriesValue&)>& change);
  void collect();
  void remove_collector(std::uint64_t id);

  std::mutex mutex_;  // guards families_
  std::map<std::string, Family, std::less<>> families_;
  std::mutex collectors_mutex_;  // held while collectors run, so a handle's destructor waits for its run
  std::map<std::uint64_t, Collector> collectors_;
  std::uint64_t next_collector_ = 1;
};

}  // namespace vellum::metrics
