#include "api/reload_metrics.hpp"

#include <chrono>
#include <sstream>

namespace vellum::api {

namespace {

void metric(std::ostringstream& out, const char* name, const char* type, const char* help) {
  out << "# HELP " << name << " " << help << "\n# TYPE " << name << " " << type << "\n";
}

}  // namespace

std::string reload_prometheus_text(const reload::ReloadRecord::View& record, std::uint64_t generation) {
  using reload::Outcome;
  std::ostringstream out;
  const bool refused = record.last && record.last->outcome == Outcome::refused;
  metric(out, "vellum_reload_last_success", "gauge",
         "1 when the last configuration reload applied or found nothing to change, 0 when it was refused.");
  out << "vellum_reload_last_success " << (refused ? 0 : 1) << "\n";
  metric(out, "vellum_reloads_total", "counter", "Configuration reloads since the process started, by outcome.");
  for (auto outcome : {Outcome::applied, Outcome::unchanged, Outcome::refused}) {
    out << "vellum_reloads_total{outcome=\"" << reload::to_string(outcome) << "\"} "
        << record.counts[static_cast<std::size_t>(outcome)] << "\n";
  }
  metric(out, "vellum_reload_last_timestamp_seconds", "gauge", "When the last configuration reload finished.");
  const auto finished = record.last ? std::chrono::duration_cast<std::chrono::milliseconds>(
                                          record.last->finished_at.time_since_epoch())
                                          .count()
                                    : 0;
  out << "vellum_reload_last_timestamp_seconds " << static_cast<double>(finished) / 1000.0 << "\n";
  metric(out, "vellum_runtime_generation", "gauge", "Generation of the active runtime snapshot.");
  out << "vellum_runtime_generation " << generation << "\n";
  metric(out, "vellum_config_last_good", "gauge",
         "1 when the server refused its configuration file at start and runs on the last good copy.");
  out << "vellum_config_last_good " << (record.running.last_good ? 1 : 0) << "\n";
  return out.str();
}

}  // namespace vellum::api
