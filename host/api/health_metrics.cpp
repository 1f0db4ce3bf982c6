#include "api/health_metrics.hpp"

#include <cmath>

#include "metrics/prometheus_name.hpp"

namespace vellum::api {

namespace {

std::string series_key(const metrics::Series& series) {
  std::string key = series.name;
  if (series.labels.empty()) return key;
  key += '{';
  bool first = true;
  for (const auto& [label, value] : series.labels) {
    key += (first ? "" : ",") + label + "=\"" + metrics::label_value(value) + "\"";
    first = false;
  }
  return key + "}";
}

// JSON has no NaN: an unknown value is null.
nlohmann::json number(double value) { return std::isfinite(value) ? nlohmann::json(value) : nlohmann::json(); }

}  // namespace

nlohmann::json metrics_summary(metrics::Registry& registry) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& series : registry.series()) {
    out[series_key(series)] = series.type == metrics::MetricType::summary
                                  ? nlohmann::json{{"sum", number(series.value.value)}, {"count", series.value.count}}
                                  : number(series.value.value);
  }
  return out;
}

nlohmann::json follower_json(const search::FollowerLag& lag) {
  return {{"lagSeconds", lag.behind.count()},
          {"changesBehind", lag.changes_behind ? nlohmann::json(*lag.changes_behind) : nlohmann::json()},
          {"lagThresholdSeconds", static_cast<double>(lag.threshold.count()) / 1000.0},
          {"failing", lag.failing},
          {"lastError", lag.failing ? nlohmann::json(lag.last_error) : nlohmann::json()}};
}

std::string follower_degraded_reason(const search::FollowerLag& lag) {
  if (!lag.over_threshold()) return {};
  std::string reason = "the vector index is " + metrics::sample_value(std::floor(lag.behind.count())) +
                       " s behind the change feed (threshold " +
                       metrics::sample_value(static_cast<double>(lag.threshold.count()) / 1000.0) + " s)";
  if (lag.failing) reason += ": " + lag.last_error;
  return reason;
}

}  // namespace vellum::api
