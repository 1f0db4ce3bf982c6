// vellum queue status | stats | health | wait-for-completion | monitor — reading the queue.
#include <unistd.h>

#include <iomanip>
#include <ostream>
#include <thread>

#include <nlohmann/json.hpp>

#include "cli/queue_cli.hpp"
#include "common/clock.hpp"
#include "queue_admin/admin_operations.hpp"
#include "queue_admin/queue_snapshot.hpp"
#include "queue_admin/snapshot_json.hpp"

namespace vellum::cli {

namespace {

using queue_admin::QueueSnapshot;

sdk::Result<QueueSnapshot> snapshot(QueueSession& q) {
  return queue_admin::take_snapshot(q.backend(), q.settings, now_ms());
}

void print_counts(std::ostream& out, const QueueSnapshot& s) {
  out << "Tasks: pending " << s.count("pending") << ", processing " << s.count("processing") << ", completed "
      << s.count("completed") << ", failed " << s.count("failed") << ", cancelled " << s.count("cancelled")
      << " (total " << s.total << ")\n";
}

void print_health(std::ostream& out, const QueueSnapshot& s) {
  out << "Health: " << (s.health.healthy ? "HEALTHY" : "ISSUES DETECTED") << "\n";
  for (const auto& issue : s.health.issues) out << "  issue: " << issue << "\n";
  for (const auto& r : s.health.recommendations) out << "  recommendation: " << r << "\n";
}

void print_status(std::ostream& out, const QueueSnapshot& s, const queue_admin::QueueSettingsView& settings) {
  out << "Worker Status: " << queue_admin::label(s.state);
  if (s.state == queue_admin::WorkerState::disabled) out << " (" << s.disabled_reason << ")";
  if (s.state == queue_admin::WorkerState::emergency_stopped) out << ": " << s.control.emergency_reason.value_or("");
  out << "\n";
  for (const auto& w : s.workers) {
    out << "  worker " << w.beat.worker_id << ": " << (w.live ? "live" : w.stale ? "STALE" : "stopped")
        << ", last heartbeat " << relative(w.beat.last_heartbeat, s.taken_at) << ", processed "
        << w.beat.tasks_processed << " (succeeded " << w.beat.tasks_succeeded << ", failed " << w.beat.tasks_failed
        << ")\n";
  }
  if (s.workers.empty()) out << "  no worker has reported yet\n";
  out << "Control: " << (s.control.is_running ? "running" : "stopped") << (s.control.draining ? ", draining" : "")
      << "\n";
  print_counts(out, s);
  out << "Last 24 h: completed " << s.activity.completed << ", failed " << s.activity.failed << ", cancelled "
      << s.activity.cancelled;
  if (s.activity.average_processing_seconds) {
    out << ", average processing " << std::fixed << std::setprecision(2) << *s.activity.average_processing_seconds
        << " s";
  }
  out << "\nConfig: semantic search " << (settings.semantic_search_enabled ? "on" : "off") << ", queue "
      << (settings.queue_enabled ? "on" : "off") << " (" << (settings.strategy.empty() ? "none" : settings.strategy)
      << ")";
  if (settings.strategy == "background") {
    out << ", worker_interval_ms " << settings.worker_interval.count() << ", poll_interval_ms "
        << settings.poll_interval.count() << ", heartbeat_interval_ms " << settings.heartbeat_interval.count()
        << ", max_retries " << settings.max_retries << ", batch_size " << settings.batch_size;
  }
  out << "\n";
  print_health(out, s);
}

int status(CommandContext& context) {
  return with_queue(context, [&](QueueSession& q) {
    auto s = snapshot(q);
    if (!s) return report(context, s.error());
    if (context.args.flag("json")) {
      context.out << queue_admin::status_json(s.value(), q.settings).dump(2) << "\n";
    } else {
      print_status(context.out, s.value(), q.settings);
    }
    return kExitOk;
  });
}

int stats(CommandContext& context) {
  return with_queue(context, [&](QueueSession& q) {
    auto s = snapshot(q);
    if (!s) return report(context, s.error());
    const auto json = queue_admin::status_json(s.value(), q.settings);
    if (context.args.flag("json")) {
      context.out << nlohmann::json{{"stats", json["stats"]},
                                    {"tasksByPriority", json["tasksByPriority"]},
                                    {"tasksByOperation", json["tasksByOperation"]},
                                    {"recentActivity", json["recentActivity"]}}
                         .dump(2)
                  << "\n";
      return kExitOk;
    }
    print_counts(context.out, s.value());
    context.out << "Active tasks by priority:";
    for (const auto& [k, v] : s->counts.by_priority) context.out << " " << k << " " << v;
    context.out << "\nActive tasks by operation:";
    for (const auto& [k, v] : s->counts.by_operation) context.out << " " << k << " " << v;
    context.out << "\nRecent activity (24 h): completed " << s->activity.completed << ", failed "
                << s->activity.failed << ", cancelled " << s->activity.cancelled << ", average time "
                << (s->activity.average_processing_seconds ? std::to_string(*s->activity.average_processing_seconds) + " s"
                                                           : std::string("n/a"))
                << "\n";
    return kExitOk;
  });
}

int health(CommandContext& context) {
  return with_queue(context, [&](QueueSession& q) {
    auto s = snapshot(q);
    if (!s) return report(context, s.error());
    if (context.args.flag("json")) {
      context.out << queue_admin::health_json(s.value()).dump(2) << "\n";
    } else {
      print_health(context.out, s.value());
      context.out << "Total tasks: " << s->total << ", failed (24 h): " << s->activity.failed
                  << ", cancelled by operators (24 h, not failures): " << s->activity.cancelled << "\n";
      if (s->oldest_pending) {
        context.out << "Oldest pending: " << relative(s->oldest_pending->created_at, s->taken_at) << " ("
                    << format_iso8601(s->oldest_pending->created_at) << ")\n";
      }
    }
    return s->health.healthy ? kExitOk : kExitUnhealthy;
  });
}

int wait_for_completion(CommandContext& context) {
  auto options = parse_wait_options(context.args);
  if (!options) return usage(context, options.error().message);
  return with_queue(context, [&](QueueSession& q) { return wait_until_drained(context, q, options.value()); });
}

// A live view: redraws every --interval seconds on a terminal; one frame per interval otherwise.
int monitor(CommandContext& context) {
  auto interval = parse_duration(context.args.value("interval").value_or(
                                     context.args.positionals().empty() ? "5" : context.args.positionals()[0]),
                                 std::chrono::seconds(1));
  if (!interval || interval->count() == 0) return usage(context, "monitor expects a positive interval in seconds");
  auto iterations = parse_count(context.args.value("iterations").value_or("0"));
  if (!iterations) return usage(context, "--iterations expects a number (0 = until Ctrl+C)");
  const bool tty = isatty(STDOUT_FILENO) != 0;
  return with_queue(context, [&](QueueSession& q) {
    for (std::int64_t i = 0; *iterations == 0 || i < *iterations; ++i) {
      if (i > 0) std::this_thread::sleep_for(*interval);
      auto s = snapshot(q);
      if (!s) return report(context, s.error());
      if (tty) context.out << "\x1b[2J\x1b[H";  // clear the screen, cursor home
      context.out << "vellum queue monitor — " << format_iso8601(s->taken_at) << " (every " << interval->count()
                  << " s, Ctrl+C to quit)\n";
      print_status(context.out, s.value(), q.settings);
      auto processing = queue_admin::list_tasks(q.backend(), [] {
        sdk::TaskQuery p;
        p.statuses = {sdk::TaskStatus::processing};
        p.limit = 5;
        return p;
      }());
      if (processing) {
        for (const auto& t : processing.value())
          context.out << "  processing " << t.id.substr(0, 8) << " " << t.slug << " (attempt " << t.attempts << ")\n";
      }
      context.out.flush();
    }
    return kExitOk;
  });
}

}  // namespace

sdk::Result<WaitOptions> parse_wait_options(const Arguments& args) {
  WaitOptions out;
  auto timeout = parse_duration(args.value("timeout").value_or("300"), std::chrono::seconds(1));
  if (!timeout) return sdk::Error(sdk::ErrorKind::invalid_argument, "--timeout expects seconds (e.g. 300, 5m)");
  auto interval = parse_duration(args.value("interval").value_or("1"), std::chrono::seconds(1));
  if (!interval || interval->count() == 0) {
    return sdk::Error(sdk::ErrorKind::invalid_argument, "--interval expects a positive number of seconds");
  }
  out.timeout = *timeout;
  out.interval = *interval;
  return out;
}

int wait_until_drained(CommandContext& context, QueueSession& q, const WaitOptions& options, nlohmann::json fields) {
  const auto deadline = std::chrono::steady_clock::now() + options.timeout;
  for (;;) {
    auto s = snapshot(q);
    if (!s) return report(context, s.error());
    const auto open = s->open();
    show_progress(context, "waiting: pending " + std::to_string(s->count("pending")) + ", processing " +
                               std::to_string(s->count("processing")),
                  open == 0 ? 1 : 0, 1);
    if (open == 0) {
      if (context.args.flag("json")) {
        fields["completed"] = true;
        fields["stats"] = queue_admin::status_json(*s, q.settings)["stats"];
        context.out << fields.dump(2) << "\n";
      } else {
        context.out << "queue drained: no pending or processing tasks\n";
      }
      return kExitOk;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      if (context.args.flag("json")) {
        fields["completed"] = false;
        fields["pending"] = s->count("pending");
        fields["processing"] = s->count("processing");
        context.out << fields.dump(2) << "\n";
      }
      context.err << "vellum: timed out after " << options.timeout.count() << " s with " << s->count("pending")
                  << " pending and " << s->count("processing") << " processing tasks\n";
      return kExitTimeout;
    }
    std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(
        options.interval, deadline - std::chrono::steady_clock::now() + std::chrono::milliseconds(10)));
  }
}

void register_queue_status_commands(CommandSet& commands) {
  commands.add({{"queue", "status"},
                "worker status (Running, Paused, Stale, System disabled), task counts and configuration",
                std::string("usage: vellum queue status [--json] [--config FILE]\n\n"
                            "Worker Status is one of: Running (a worker heartbeat is fresh), Paused (vellum queue\n"
                            "stop), Stopped (emergency stop), Draining, Stale (a worker says running but its\n"
                            "heartbeat is older than 2 x heartbeat_interval_ms), Not running (no live worker),\n"
                            "System disabled (semantic search or the queue is off, or the sync strategy is used).\n\n") +
                    kQueueExitCodes,
                {{}, {"json"}},
                status});
  commands.add({{"queue", "stats"},
                "task counts by status, priority and operation; activity of the last 24 hours",
                std::string("usage: vellum queue stats [--json] [--config FILE]\n\n") + kQueueExitCodes,
                {{}, {"json"}},
                stats});
  commands.add({{"queue", "health"},
                "queue health: backlog, stuck tasks, failure rate, stale workers",
                "usage: vellum queue health [--json] [--config FILE]\n\n"
                "Issues: more than 100 pending, more than 10 processing, more than 10 failed in the last\n"
                "24 hours, a pending task older than 24 hours, a stale worker, an emergency stop. Tasks an\n"
                "operator cancelled (queue clear, emergency stop, a rollback) are counted apart and are\n"
                "never an issue.\n\n"
                "exit codes: 0 healthy, 1 failure (database unreachable), 2 wrong usage, 3 issues found\n",
                {{}, {"json"}},
                health});
  commands.add({{"queue", "wait-for-completion"},
                "wait until no task is pending or processing",
                "usage: vellum queue wait-for-completion [--timeout SECONDS] [--interval SECONDS] [--json]\n\n"
                "Polls the task table until pending + processing = 0. --timeout defaults to 300 s\n"
                "(also 5m, 1h).\n\n"
                "exit codes: 0 drained, 1 failure, 2 wrong usage, 3 timed out with tasks left\n",
                {{"timeout", "interval"}, {"json"}},
                wait_for_completion});
  commands.add({{"queue", "monitor"},
                "live view of the queue, redrawn every few seconds",
                std::string("usage: vellum queue monitor [SECONDS] [--interval SECONDS] [--iterations N]\n\n"
                            "Redraws the status every SECONDS (default 5) until Ctrl+C; --iterations stops after N.\n\n") +
                    kQueueExitCodes,
                {{"interval", "iterations"}, {}},
                monitor});
}

}  // namespace vellum::cli
