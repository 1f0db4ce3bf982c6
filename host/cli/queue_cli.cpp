#include "cli/queue_cli.hpp"

#include <unistd.h>

#include <ostream>

#include "common/clock.hpp"
#include "config/value_parsing.hpp"
#include "queue_admin/task_json.hpp"

namespace vellum::cli {

int with_queue(CommandContext& context, const std::function<int(QueueSession&)>& action) {
  return with_storage(context, [&](StorageSession& storage) {
    QueueSession session{storage, queue_admin::settings_view(storage.config)};
    return action(session);
  });
}

std::optional<std::chrono::seconds> parse_duration(const std::string& text, std::chrono::seconds unit) {
  if (text.empty()) return std::nullopt;
  std::string digits = text;
  std::chrono::seconds scale = unit;
  switch (text.back()) {
    case 's': scale = std::chrono::seconds(1); break;
    case 'm': scale = std::chrono::minutes(1); break;
    case 'h': scale = std::chrono::hours(1); break;
    case 'd': scale = std::chrono::hours(24); break;
    default: break;
  }
  if (!std::isdigit(static_cast<unsigned char>(text.back()))) digits.pop_back();
  auto n = config::parse_integer(digits);
  if (!n || *n < 0) return std::nullopt;
  return scale * *n;
}

std::optional<sdk::Timestamp> parse_since(const std::string& text, sdk::Timestamp now) {
  if (auto at = parse_iso8601(text)) return at;
  if (auto ago = parse_duration(text, std::chrono::hours(24))) return now - *ago;
  return std::nullopt;
}

std::optional<std::int64_t> parse_count(const std::string& text) {
  auto n = config::parse_integer(text);
  if (!n || *n < 0) return std::nullopt;
  return *n;
}

int report(CommandContext& context, const sdk::Error& error) {
  context.err << "vellum: " << error.message << "\n";
  return error.kind == sdk::ErrorKind::invalid_argument ? kExitUsage : kExitFailure;
}

int usage(CommandContext& context, const std::string& message) {
  context.err << "vellum: " << message << "\n";
  return kExitUsage;
}

std::string relative(sdk::Timestamp t, sdk::Timestamp now) {
  const auto s = std::chrono::duration_cast<std::chrono::seconds>(now - t).count();
  const auto a = s < 0 ? -s : s;
  std::string amount = a < 120 ? std::to_string(a) + " s" : a < 7200 ? std::to_string(a / 60) + " min"
                                                       : a < 172800 ? std::to_string(a / 3600) + " h"
                                                                    : std::to_string(a / 86400) + " d";
  return s < 0 ? "in " + amount : amount + " ago";
}

void show_progress(CommandContext& context, const std::string& what, std::int64_t done, std::int64_t total) {
  if (!isatty(STDERR_FILENO)) return;
  context.err << "\r" << what << ": " << done << "/" << total;
  if (total > 0) context.err << " (" << (100 * done / total) << "%)";
  if (done >= total) context.err << "\n";
  context.err.flush();
}

void print_task_line(std::ostream& out, const sdk::Task& t, sdk::Timestamp now) {
  out << t.id.substr(0, 8) << "  " << t.slug << "  " << sdk::to_string(t.status) << "/" << sdk::to_string(t.priority)
      << "/" << sdk::to_string(t.operation) << "  created " << relative(t.created_at, now) << "  attempts "
      << t.attempts << "/" << t.max_attempts;
  if (t.error_message) out << "  error: " << t.error_message->substr(0, 80);
  out << "\n";
}

int print_tasks(CommandContext& context, const std::vector<sdk::Task>& tasks, std::size_t limit) {
  if (context.args.flag("json")) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& t : tasks) out.push_back(queue_admin::task_json(t));
    context.out << nlohmann::json{{"tasks", out}}.dump(2) << "\n";
    return kExitOk;
  }
  if (tasks.empty()) context.out << "no tasks\n";
  const auto now = now_ms();
  for (const auto& t : tasks) print_task_line(context.out, t, now);
  if (limit > 0 && tasks.size() == limit) context.out << "(page full: use --offset to see more)\n";
  return kExitOk;
}

}  // namespace vellum::cli
