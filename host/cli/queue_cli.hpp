// What the `vellum queue …` and `vellum reindex` commands share: the open backend with the queue's
// view of the configuration, option parsing (statuses, priorities, durations), confirmation wording,
// task lines, and progress on a terminal.
#pragma once

#include <chrono>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/storage_command.hpp"
#include "queue_admin/queue_settings.hpp"

namespace vellum::cli {

// Exit codes beyond 0/1/2: a wait that timed out, a health check that found issues.
inline constexpr int kExitTimeout = 3;
inline constexpr int kExitUnhealthy = 3;

struct QueueSession {
  StorageSession& storage;
  queue_admin::QueueSettingsView settings;
  [[nodiscard]] sdk::StorageBackend& backend() { return *storage.storage; }
};

int with_queue(CommandContext& context, const std::function<int(QueueSession&)>& action);

// How `wait-for-completion` and `drain --wait` wait: --timeout (default 300 s), --interval (default 1 s).
struct WaitOptions {
  std::chrono::seconds timeout{300};
  std::chrono::seconds interval{1};
};
// invalid_argument naming the option when a value is not a duration.
[[nodiscard]] sdk::Result<WaitOptions> parse_wait_options(const Arguments& args);
// Polls until no task is pending or processing: kExitOk when drained, kExitTimeout with tasks left.
// With --json, prints one object: `fields` plus "completed" and the counts.
int wait_until_drained(CommandContext& context, QueueSession& q, const WaitOptions& options,
                       nlohmann::json fields = nlohmann::json::object());

// "30", "30s", "15m", "24h", "7d" → a duration; `unit` applies to a bare number.
[[nodiscard]] std::optional<std::chrono::seconds> parse_duration(const std::string& text, std::chrono::seconds unit);
[[nodiscard]] std::optional<std::int64_t> parse_count(const std::string& text);
// A point in time: an ISO-8601 timestamp, or a duration ago as parse_duration reads it (a bare
// number is days): "24h" is a day before `now`.
[[nodiscard]] std::optional<sdk::Timestamp> parse_since(const std::string& text, sdk::Timestamp now);

// One line per task ("1a2b3c4d  slug  failed/normal/update  created 3 min ago  attempts 1/3  error: …").
void print_task_line(std::ostream& out, const sdk::Task& task, sdk::Timestamp now);
// The tasks as lines, or {"tasks":[…]} with --json; notes a full page when `limit` tasks came back.
int print_tasks(CommandContext& context, const std::vector<sdk::Task>& tasks, std::size_t limit);

// Prints "vellum: <message>" and returns kExitFailure (or kExitUsage for invalid arguments).
int report(CommandContext& context, const sdk::Error& error);
int usage(CommandContext& context, const std::string& message);

// "3 min ago", "in 2 s".
[[nodiscard]] std::string relative(sdk::Timestamp t, sdk::Timestamp now);
// A progress line on stderr, redrawn in place, only when stderr is a terminal.
void show_progress(CommandContext& context, const std::string& what, std::int64_t done, std::int64_t total);

inline constexpr const char* kQueueExitCodes =
    "exit codes: 0 success, 1 failure (database unreachable, no such task), 2 wrong usage\n";

}  // namespace vellum::cli
