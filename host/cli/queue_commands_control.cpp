// vellum queue start | stop | drain | emergency-stop — the desired state every worker reads each poll interval.
#include <ostream>

#include <nlohmann/json.hpp>

#include "cli/queue_cli.hpp"
#include "common/clock.hpp"
#include "queue_admin/admin_operations.hpp"

namespace vellum::cli {

namespace {

int set_running(CommandContext& context, bool running) {
  return with_queue(context, [&](QueueSession& q) {
    if (auto done = queue_admin::set_running(q.backend(), running, now_ms()); !done) return report(context, done.error());
    if (context.args.flag("json")) {
      context.out << nlohmann::json{{"isRunning", running}}.dump(2) << "\n";
    } else if (running) {
      context.out << "queue started: workers resume claiming within one poll interval ("
                  << q.settings.poll_interval.count() << " ms)\n";
    } else {
      context.out << "queue stopped (Paused): workers finish their current batch and claim nothing new within one "
                     "poll interval ("
                  << q.settings.poll_interval.count() << " ms); vellum queue start resumes\n";
    }
    return kExitOk;
  });
}

int emergency_stop(CommandContext& context) {
  const std::string reason = context.args.value("reason").value_or("Emergency stop initiated by administrator");
  return with_queue(context, [&](QueueSession& q) {
    auto cancelled = queue_admin::emergency_stop(q.backend(), reason, now_ms());
    if (!cancelled) return report(context, cancelled.error());
    if (context.args.flag("json")) {
      context.out << nlohmann::json{{"isRunning", false}, {"reason", reason}, {"cancelledTasks", cancelled.value()}}
                         .dump(2)
                  << "\n";
    } else {
      context.out << "EMERGENCY STOP: claiming stopped; " << cancelled.value()
                  << " processing tasks cancelled; workers cancel in-flight provider calls within one poll "
                     "interval.\nResume with: vellum queue start\n";
    }
    return kExitOk;
  });
}

// Drain, then optionally wait the way wait-for-completion does (the same loop, so the same exit codes).
int drain(CommandContext& context) {
  const bool wait = context.args.flag("wait");
  if (!wait && (context.args.value("timeout") || context.args.value("interval"))) {
    return usage(context, "--timeout and --interval need --wait");
  }
  auto options = parse_wait_options(context.args);
  if (!options) return usage(context, options.error().message);
  return with_queue(context, [&](QueueSession& q) {
    auto control = queue_admin::start_draining(q.backend(), now_ms());
    if (!control) return report(context, control.error());
    // Draining does not resume a paused queue (nor does the guide's SQL): say so, since a wait would
    // then only time out.
    const bool stopped = !control->is_running;
    const nlohmann::json fields{{"draining", true}, {"isRunning", control->is_running}};
    if (!context.args.flag("json")) {
      context.out << "queue draining: writes queue no new tasks; workers finish the queued ones within one poll "
                     "interval ("
                  << q.settings.poll_interval.count() << " ms); vellum queue start ends the drain\n";
    }
    if (stopped) {
      context.err << "vellum: note: the queue is " << (control->emergency_reason ? "emergency-stopped" : "paused")
                  << ", so no task is processed; vellum queue start resumes it (and ends the drain)\n";
    }
    if (wait) return wait_until_drained(context, q, options.value(), fields);
    if (context.args.flag("json")) context.out << fields.dump(2) << "\n";
    return kExitOk;
  });
}

}  // namespace

void register_queue_control_commands(CommandSet& commands) {
  commands.add({{"queue", "stop"},
                "pause the workers (status: Paused); in-flight work finishes",
                std::string("usage: vellum queue stop [--json] [--config FILE]\n\n"
                            "Sets is_running = false in embedding_worker_status (row id 1). Every running\n"
                            "`vellum serve` stops claiming within one poll interval; nothing is lost.\n\n") +
                    kQueueExitCodes,
                {{}, {"json"}},
                [](CommandContext& c) { return set_running(c, false); }});
  commands.add({{"queue", "start"},
                "resume the workers (also ends an emergency stop or a drain)",
                std::string("usage: vellum queue start [--json] [--config FILE]\n\n") + kQueueExitCodes,
                {{}, {"json"}},
                [](CommandContext& c) { return set_running(c, true); }});
  commands.add({{"queue", "drain"},
                "stop queueing new tasks and let the workers finish the queue (status: Draining)",
                "usage: vellum queue drain [--wait] [--timeout SECONDS] [--interval SECONDS] [--json]\n"
                "                          [--config FILE]\n\n"
                "Sets draining = true in embedding_worker_status (row id 1), as\n"
                "`UPDATE embedding_worker_status SET draining = true WHERE id = 1` does. Article writes keep\n"
                "working but queue no embedding task (vellum reindex --missing-only catches up later); the\n"
                "workers finish the tasks already queued. A paused queue stays paused. vellum queue start\n"
                "ends the drain.\n\n"
                "  --wait                then wait like wait-for-completion until no task is pending or\n"
                "                        processing\n"
                "  --timeout SECONDS     how long --wait waits (default 300; also 5m, 1h)\n"
                "  --interval SECONDS    how often --wait looks (default 1)\n\n"
                "exit codes: 0 draining (with --wait: drained), 1 failure (database unreachable), 2 wrong\n"
                "            usage, 3 --wait timed out with tasks left\n",
                {{"timeout", "interval"}, {"json", "wait"}},
                drain});
  commands.add({{"queue", "emergency-stop"},
                "stop at once: no claims, processing tasks cancelled, provider calls cancelled",
                std::string("usage: vellum queue emergency-stop [--reason TEXT] [--json] [--config FILE]\n\n"
                            "Pauses with a reason and cancels every processing task (status cancelled, error\n"
                            "'Emergency stop initiated: <reason>'): not failures, so retry-failed leaves them\n"
                            "unless given --include-cancelled. Workers drop the results of those tasks. Pending\n"
                            "tasks stay; clear them with vellum queue clear. Resume with vellum queue start.\n\n") +
                    kQueueExitCodes,
                {{"reason"}, {"json"}},
                emergency_stop});
}

}  // namespace vellum::cli
