// vellum queue metrics — performance samples of the last 24 hours (queue-spec §6.1 "metrics"), per
// metric type: count, average, minimum, maximum, p95; and the Prometheus text of GET /metrics.
#include <algorithm>
#include <cmath>
#include <map>
#include <ostream>

#include <nlohmann/json.hpp>

#include "cli/queue_cli.hpp"
#include "common/clock.hpp"
#include "queue_admin/prometheus.hpp"

namespace vellum::cli {

namespace {

int metrics(CommandContext& context) {
  auto hours = parse_duration(context.args.value("since").value_or("24h"), std::chrono::hours(1));
  if (!hours) return usage(context, "--since expects a duration (24h, 7d, 30m)");
  return with_queue(context, [&](QueueSession& q) {
    const auto now = now_ms();
    if (context.args.flag("prometheus")) {
      auto text = queue_admin::prometheus_metrics(q.backend(), q.settings, now);
      if (!text) return report(context, text.error());
      context.out << text.value();
      return kExitOk;
    }
    std::map<std::string, std::pair<std::string, std::vector<double>>> by_type;
    auto read = q.backend().read([&](sdk::Repositories& repos) -> sdk::Status {
      auto samples = repos.metrics().since(now - *hours, std::nullopt);
      if (!samples) return std::move(samples).error();
      for (const auto& s : samples.value()) {
        auto& entry = by_type[s.metric_type];
        entry.first = s.unit;
        entry.second.push_back(s.value);
      }
      return {};
    });
    if (!read) return report(context, read.error());
    nlohmann::json out = nlohmann::json::object();
    for (auto& [type, entry] : by_type) {
      auto& values = entry.second;
      std::sort(values.begin(), values.end());
      double sum = 0;
      for (double v : values) sum += v;
      const auto p95 = values[std::min(values.size() - 1,
                                       static_cast<std::size_t>(std::ceil(0.95 * static_cast<double>(values.size()))) - 1)];
      out[type] = {{"unit", entry.first}, {"count", values.size()}, {"avg", sum / static_cast<double>(values.size())},
                   {"min", values.front()}, {"max", values.back()}, {"p95", p95}};
    }
    if (context.args.flag("json")) {
      context.out << nlohmann::json{{"since", format_iso8601(now - *hours)}, {"metrics", out}}.dump(2) << "\n";
      return kExitOk;
    }
    if (out.empty()) context.out << "no samples since " << format_iso8601(now - *hours) << "\n";
    for (const auto& [type, m] : out.items()) {
      context.out << type << ": " << m["count"] << " samples, avg " << m["avg"].get<double>() << " " << m["unit"].get<std::string>()
                  << ", min " << m["min"].get<double>() << ", max " << m["max"].get<double>() << ", p95 "
                  << m["p95"].get<double>() << "\n";
    }
    return kExitOk;
  });
}

}  // namespace

void register_queue_metrics_commands(CommandSet& commands) {
  commands.add({{"queue", "metrics"},
                "performance samples of the last 24 hours (or Prometheus text)",
                std::string("usage: vellum queue metrics [--since 24h] [--prometheus] [--json] [--config FILE]\n\n"
                            "Per metric type (task_processing_time, task_wait_time, queue_depth…): count, average,\n"
                            "minimum, maximum and p95. --prometheus prints what GET /metrics serves.\n\n") +
                    kQueueExitCodes,
                {{"since"}, {"json", "prometheus"}},
                metrics});
}

}  // namespace vellum::cli
