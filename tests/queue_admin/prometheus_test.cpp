// /metrics text: one line per series, counters from heartbeats, summaries from samples.
#include <catch2/catch.hpp>

#include "queue_admin/prometheus.hpp"

using namespace vellum;
using namespace vellum::queue_admin;

TEST_CASE("prometheus text carries depth by status, worker counters and time summaries") {
  QueueSnapshot s;
  s.counts.by_status = {{"pending", 3}, {"processing", 1}, {"completed", 7}, {"failed", 2}, {"cancelled", 5}};
  WorkerLiveness w;
  w.beat.worker_id = "host:1:\"x\"";
  w.beat.tasks_processed = 9;
  w.beat.tasks_failed = 2;
  w.live = true;
  w.age = std::chrono::milliseconds(1500);
  s.workers.push_back(w);
  std::vector<sdk::MetricSample> samples;
  for (double ms : {100.0, 200.0, 300.0, 400.0}) {
    sdk::MetricSample m;
    m.metric_type = "task_processing_time";
    m.unit = "ms";
    m.value = ms;
    samples.push_back(m);
  }
  const auto text = prometheus_text(s, samples);
  CHECK_THAT(text, Catch::Contains("vellum_queue_tasks{status=\"pending\"} 3\n"));
  CHECK_THAT(text, Catch::Contains("vellum_queue_tasks{status=\"failed\"} 2\n"));
  CHECK_THAT(text, Catch::Contains("vellum_queue_tasks{status=\"cancelled\"} 5\n"));
  CHECK_THAT(text, Catch::Contains("# TYPE vellum_queue_tasks_processed_total counter"));
  CHECK_THAT(text, Catch::Contains("vellum_queue_tasks_processed_total{worker=\"host:1:\\\"x\\\"\"} 9\n"));
  CHECK_THAT(text, Catch::Contains("vellum_queue_worker_heartbeat_age_seconds{worker=\"host:1:\\\"x\\\"\"} 1.5\n"));
  CHECK_THAT(text, Catch::Contains("vellum_queue_task_processing_seconds_count 4\n"));
  CHECK_THAT(text, Catch::Contains("vellum_queue_task_processing_seconds_sum 1\n"));
  CHECK_THAT(text, Catch::Contains("vellum_queue_task_processing_seconds{quantile=\"0.5\"} 0.2\n"));
  CHECK_THAT(text, Catch::Contains("vellum_queue_task_wait_seconds_count 0\n"));
}
