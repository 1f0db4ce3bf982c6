#include "queue_admin/prometheus.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>

#include "metrics/prometheus_name.hpp"

namespace vellum::queue_admin {

std::string prometheus_label(std::string_view v) { return metrics::label_value(v); }

namespace {

std::string escape(std::string_view v) { return prometheus_label(v); }

void header(std::ostringstream& out, const char* name, const char* type, const char* help) {
  out << "# HELP " << name << " " << help << "\n# TYPE " << name << " " << type << "\n";
}

void summary(std::ostringstream& out, const char* name, const char* help, std::vector<double> seconds) {
  header(out, name, "summary", help);
  std::sort(seconds.begin(), seconds.end());
  double sum = 0;
  for (double v : seconds) sum += v;
  for (double q : {0.5, 0.9, 0.99}) {
    out << name << "{quantile=\"" << q << "\"} ";
    if (seconds.empty()) {
      out << "NaN\n";
    } else {
      const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(seconds.size()))) - 1;
      out << seconds[std::min(rank, seconds.size() - 1)] << "\n";
    }
  }
  out << name << "_sum " << sum << "\n" << name << "_count " << seconds.size() << "\n";
}

}  // namespace

std::string prometheus_text(const QueueSnapshot& s, const std::vector<sdk::MetricSample>& samples) {
  std::ostringstream out;
  header(out, "vellum_queue_tasks", "gauge",
         "Embedding tasks by status; cancelled (by an operator) is not failed.");
  for (auto status : sdk::kTaskStatuses)
    out << "vellum_queue_tasks{status=\"" << sdk::to_string(status) << "\"} " << s.count(sdk::to_string(status)) << "\n";
  header(out, "vellum_queue_paused", "gauge", "1 when operators stopped the queue (queue stop or emergency-stop).");
  out << "vellum_queue_paused " << (s.control.is_running ? 0 : 1) << "\n";
  header(out, "vellum_queue_oldest_pending_age_seconds", "gauge",
         "Seconds since the oldest pending task was queued (0 when none is pending).");
  double oldest = 0;
  if (s.oldest_pending) {
    const auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(s.taken_at - s.oldest_pending->created_at);
    oldest = static_cast<double>(std::max<std::int64_t>(0, waited.count())) / 1000.0;
  }
  out << "vellum_queue_oldest_pending_age_seconds " << oldest << "\n";
  header(out, "vellum_queue_healthy", "gauge", "1 when the queue health check finds no issue.");
  out << "vellum_queue_healthy " << (s.health.healthy ? 1 : 0) << "\n";

  header(out, "vellum_queue_worker_up", "gauge", "1 when the worker's heartbeat is fresh (within 2x the interval).");
  for (const auto& w : s.workers) out << "vellum_queue_worker_up{worker=\"" << escape(w.beat.worker_id) << "\"} " << (w.live ? 1 : 0) << "\n";
  header(out, "vellum_queue_worker_heartbeat_age_seconds", "gauge", "Seconds since the worker's last heartbeat.");
  for (const auto& w : s.workers)
    out << "vellum_queue_worker_heartbeat_age_seconds{worker=\"" << escape(w.beat.worker_id) << "\"} "
        << static_cast<double>(w.age.count()) / 1000.0 << "\n";
  const std::pair<const char*, std::int64_t sdk::WorkerHeartbeat::*> counters[] = {
      {"vellum_queue_tasks_processed_total", &sdk::WorkerHeartbeat::tasks_processed},
      {"vellum_queue_tasks_succeeded_total", &sdk::WorkerHeartbeat::tasks_succeeded},
      {"vellum_queue_tasks_failed_total", &sdk::WorkerHeartbeat::tasks_failed}};
  for (const auto& [name, member] : counters) {
    header(out, name, "counter", "Task attempts ended by the worker since it started (from its heartbeat row).");
    for (const auto& w : s.workers) out << name << "{worker=\"" << escape(w.beat.worker_id) << "\"} " << w.beat.*member << "\n";
  }

  std::map<std::string, std::vector<double>> by_type;
  for (const auto& sample : samples) {
    const double seconds = sample.unit == "ms" ? sample.value / 1000.0 : sample.value;
    by_type[sample.metric_type].push_back(seconds);
  }
  summary(out, "vellum_queue_task_processing_seconds", "Task processing time over the last hour.",
          by_type["task_processing_time"]);
  summary(out, "vellum_queue_task_wait_seconds", "Time from due to claimed over the last hour.",
          by_type["task_wait_time"]);
  return out.str();
}

sdk::Result<std::string> prometheus_metrics(sdk::StorageBackend& storage, const QueueSettingsView& settings,
                                            sdk::Timestamp now) {
  auto snapshot = take_snapshot(storage, settings, now);
  if (!snapshot) return std::move(snapshot).error();
  std::vector<sdk::MetricSample> samples;
  auto read = storage.read([&](sdk::Repositories& repos) -> sdk::Status {
    for (const char* type : {"task_processing_time", "task_wait_time"}) {
      auto got = repos.metrics().since(now - std::chrono::hours(1), std::string(type));
      if (!got) return std::move(got).error();
      samples.insert(samples.end(), got.value().begin(), got.value().end());
    }
    return {};
  });
  if (!read) return read.error();
  return prometheus_text(snapshot.value(), samples);
}

}  // namespace vellum::queue_admin
