// Audit rows and metric samples of the queue, in the categories and event names of queue-spec §8.1:
// message "<Kind> <event>" (Task completed, Worker started…), metadata carrying "event" and the
// event's details. Rows are written inside the transaction of the change they describe where there is
// one (claim, transitions), so the log never disagrees with the table; otherwise in their own.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "vellum/sdk/host_context.hpp"
#include "vellum/sdk/storage.hpp"

namespace vellum::queue_background {

// Everything one unit of work wants recorded.
struct Journal {
  std::vector<sdk::AuditEntry> audit;
  std::vector<sdk::MetricSample> samples;

  void task_event(const sdk::Task& task, std::string_view event, nlohmann::json details, sdk::Timestamp now,
                  std::string_view level = "info", std::optional<std::string> error = std::nullopt,
                  std::optional<double> duration_ms = std::nullopt);
  void queue_event(const sdk::Task& task, std::string_view event, nlohmann::json details, sdk::Timestamp now);
  void worker_event(std::string_view event, nlohmann::json details, sdk::Timestamp now,
                    std::string_view level = "info", std::optional<std::string> error = std::nullopt);
  void error_event(std::string_view message, std::string_view error, nlohmann::json details, sdk::Timestamp now);
  void sample(std::string_view type, double value, std::string_view unit, sdk::Timestamp now,
              const sdk::Task* task = nullptr, nlohmann::json details = nlohmann::json::object());

  [[nodiscard]] bool empty() const { return audit.empty() && samples.empty(); }
  void clear() {
    audit.clear();
    samples.clear();
  }
  // Appends everything inside an open transaction.
  [[nodiscard]] sdk::Status append_to(sdk::Repositories& repos) const;
};

// Writes a journal in its own transaction. A failure is logged, never returned: an audit row that
// cannot be written must not stop the queue.
void write_journal(sdk::StorageBackend& storage, const Journal& journal, sdk::HostContext& host);

// Mirrors each sample to the host's in-process metrics (/health, `vellum queue metrics`).
void publish_samples(const Journal& journal, sdk::HostContext& host);

}  // namespace vellum::queue_background
