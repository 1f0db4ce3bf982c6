// The registry renders what the Prometheus text format expects: HELP and TYPE once per family, one
// line per series with its labels escaped, summaries as _sum and _count, collectors run per scrape.
#include <catch2/catch.hpp>

#include "metrics/metric_registry.hpp"

using namespace vellum::metrics;

TEST_CASE("a counter adds up per label set and renders with HELP and TYPE", "[metrics]") {
  Registry registry;
  REQUIRE(registry.declare("vellum_x_total", MetricType::counter, "Things that happened."));
  registry.add("vellum_x_total", {{"reason", "b"}}, 1);
  registry.add("vellum_x_total", {{"reason", "a"}}, 2);
  registry.add("vellum_x_total", {{"reason", "a"}}, 0.5);
  registry.add("vellum_x_total", {{"reason", "a"}}, -7);  // a counter never goes down
  CHECK(registry.prometheus_text() ==
        "# HELP vellum_x_total Things that happened.\n"
        "# TYPE vellum_x_total counter\n"
        "vellum_x_total{reason=\"a\"} 2.5\n"
        "vellum_x_total{reason=\"b\"} 1\n");
}

TEST_CASE("a declared family without series still shows its HELP and TYPE", "[metrics]") {
  Registry registry;
  registry.declare("vellum_idle", MetricType::gauge, "Nothing yet.");
  CHECK(registry.prometheus_text() == "# HELP vellum_idle Nothing yet.\n# TYPE vellum_idle gauge\n");
}

TEST_CASE("a gauge keeps the last value, and a removed series disappears", "[metrics]") {
  Registry registry;
  registry.declare("vellum_up", MetricType::gauge, "Up.");
  registry.set("vellum_up", {{"provider", "a\"b\\c\nd"}}, 0);
  registry.set("vellum_up", {{"provider", "a\"b\\c\nd"}}, 1);
  registry.set("vellum_up", {{"provider", "z"}}, 0);
  CHECK_THAT(registry.prometheus_text(), Catch::Contains("vellum_up{provider=\"a\\\"b\\\\c\\nd\"} 1\n"));
  registry.remove("vellum_up", {{"provider", "z"}});
  CHECK_THAT(registry.prometheus_text(), !Catch::Contains("provider=\"z\""));
}

TEST_CASE("a summary renders its sum and count", "[metrics]") {
  Registry registry;
  registry.declare("vellum_t_seconds", MetricType::summary, "Durations.");
  registry.observe("vellum_t_seconds", {}, 0.25);
  registry.observe("vellum_t_seconds", {}, 0.5);
  CHECK_THAT(registry.prometheus_text(),
             Catch::Contains("vellum_t_seconds_sum 0.75\nvellum_t_seconds_count 2\n"));
}

TEST_CASE("a name keeps its first type, and samples of the wrong type are dropped", "[metrics]") {
  Registry registry;
  CHECK(registry.declare("vellum_n", MetricType::gauge, "first"));
  CHECK(registry.declare("vellum_n", MetricType::gauge, "second"));
  CHECK_FALSE(registry.declare("vellum_n", MetricType::counter, "third"));
  registry.add("vellum_n", {}, 1);        // not a counter
  registry.set("vellum_undeclared", {}, 1);  // never declared
  CHECK(registry.series().empty());
  CHECK_THAT(registry.prometheus_text(), Catch::Contains("# HELP vellum_n first\n"));
}

TEST_CASE("collectors run before each rendering, until their handle goes", "[metrics]") {
  Registry registry;
  registry.declare("vellum_now", MetricType::gauge, "Computed per scrape.");
  int runs = 0;
  {
    auto handle = registry.add_collector([&runs](Registry& r) { r.set("vellum_now", {}, ++runs); });
    CHECK_THAT(registry.prometheus_text(), Catch::Contains("vellum_now 1\n"));
    const auto series = registry.series();
    REQUIRE(series.size() == 1);
    CHECK(series[0].value.value == 2);
  }
  (void)registry.prometheus_text();
  CHECK(runs == 2);
}
