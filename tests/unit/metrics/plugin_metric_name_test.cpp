// How a plugin's record_metric(name, value, unit) is named and typed in /metrics (plugin_metric_name.hpp).
#include <catch2/catch.hpp>

#include <limits>

#include "metrics/plugin_metric_name.hpp"
#include "metrics/prometheus_name.hpp"

using namespace vellum::metrics;

namespace {

PluginSample sample_of(std::string_view name, double value, std::string_view unit) {
  auto sample = plugin_sample(name, value, unit);
  REQUIRE(sample);
  return *sample;
}

}  // namespace

TEST_CASE("the unit decides the type, the suffix and the scale", "[metrics]") {
  auto count = sample_of("queue.sync_failures", 1, "count");
  CHECK(count.family == "vellum_plugin_queue_sync_failures_total");
  CHECK(count.type == MetricType::counter);

  auto ms = sample_of("queue.sync_index_time", 250, "ms");
  CHECK(ms.family == "vellum_plugin_queue_sync_index_time_seconds");
  CHECK(ms.type == MetricType::summary);
  CHECK(ms.value == Approx(0.25));

  auto percent = sample_of("queue.worker_utilization", 40, "percent");
  CHECK(percent.family == "vellum_plugin_queue_worker_utilization_ratio");
  CHECK(percent.type == MetricType::gauge);
  CHECK(percent.value == Approx(0.4));

  CHECK(sample_of("queue.queue_depth", 3, "tasks").family == "vellum_plugin_queue_queue_depth_tasks");
  CHECK(sample_of("queue.queue_throughput", 3, "tasks/hour").family == "vellum_plugin_queue_queue_throughput_tasks_hour");
  CHECK(sample_of("cache_size_bytes", 3, "bytes").family == "vellum_plugin_cache_size_bytes");  // no _bytes_bytes
  CHECK(sample_of("temperature", 3, "").family == "vellum_plugin_temperature");
  CHECK(sample_of("storage_reconnects_total", 1, "count").family == "vellum_plugin_storage_reconnects_total");
}

TEST_CASE("names are made valid: lower case, one '_' per run of other characters", "[metrics]") {
  CHECK(name_fragment("Queue.Sync--Failures!") == "queue_sync_failures");
  CHECK(name_fragment("..a..b..") == "a_b");
  CHECK(name_fragment("2xx") == "2xx");  // after the vellum_plugin_ prefix a digit is fine
  CHECK_FALSE(plugin_sample("...", 1, "count"));
}

TEST_CASE("a plugin name that collides with another type is refused, not mixed", "[metrics]") {
  Registry registry;
  const Labels labels{{"plugin", "p"}, {"slot", "queue"}};
  CHECK(record_plugin_sample(registry, sample_of("jobs_total", 1, ""), labels));  // a gauge named ..._total
  CHECK_FALSE(record_plugin_sample(registry, sample_of("jobs", 1, "count"), labels));
  CHECK(record_plugin_sample(registry, sample_of("retries", 2, "count"), labels));
  CHECK(record_plugin_sample(registry, sample_of("retries", 3, "count"), labels));
  CHECK_THAT(registry.prometheus_text(),
             Catch::Contains("vellum_plugin_retries_total{plugin=\"p\",slot=\"queue\"} 5\n"));
}

TEST_CASE("sample values: integers plain, fractions shortest, NaN and infinities spelled out", "[metrics]") {
  CHECK(sample_value(3) == "3");
  CHECK(sample_value(0.1) == "0.1");
  CHECK(sample_value(1e21) == "1e+21");
  CHECK(sample_value(std::numeric_limits<double>::quiet_NaN()) == "NaN");
  CHECK(sample_value(-std::numeric_limits<double>::infinity()) == "-Inf");
}
