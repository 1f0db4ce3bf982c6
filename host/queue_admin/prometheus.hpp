// GET /metrics in the Prometheus text format (version 0.0.4): queue depth by status, the workers'
// counters and heartbeat ages from embedding_worker_status, and summaries of task processing and wait
// times from performance_metrics over the last hour.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "queue_admin/queue_snapshot.hpp"

namespace vellum::queue_admin {

inline constexpr const char* kPrometheusContentType = "text/plain; version=0.0.4; charset=utf-8";

// A label value with backslash, quote and newline escaped (the exposition format's rules).
[[nodiscard]] std::string prometheus_label(std::string_view value);

[[nodiscard]] std::string prometheus_text(const QueueSnapshot& snapshot, const std::vector<sdk::MetricSample>& samples);

// Reads what prometheus_text needs (the snapshot and the last hour of samples).
[[nodiscard]] sdk::Result<std::string> prometheus_metrics(sdk::StorageBackend& storage, const QueueSettingsView& settings,
                                                          sdk::Timestamp now);

}  // namespace vellum::queue_admin
