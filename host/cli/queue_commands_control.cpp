// vellum queue start | stop | emergency-stop — the desired state every worker reads each poll interval.
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
    auto failed = queue_admin::emergency_stop(q.backend(), reason, now_ms());
    if (!failed) return report(context, failed.error());
    if (context.args.flag("json")) {
      context.out << nlohmann::json{{"isRunning", false}, {"reason", reason}, {"failedTasks", failed.value()}}.dump(2)
                  << "\n";
    } else {
      context.out << "EMERGENCY STOP: claiming stopped; " << failed.value()
                  << " processing tasks marked failed; workers cancel in-flight provider calls within one poll "
                     "interval.\nResume with: vellum queue start\n";
    }
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
  commands.add({{"queue", "emergency-stop"},
                "stop at once: no claims, processing tasks failed, provider calls cancelled",
                std::string("usage: vellum queue emergency-stop [--reason TEXT] [--json] [--config FILE]\n\n"
                            "Pauses with a reason and marks every processing task failed ('Emergency stop\n"
                            "initiated: <reason>'). Workers drop the results of those tasks. Pending tasks stay;\n"
                            "clear them with vellum queue clear. Resume with vellum queue start.\n\n") +
                    kQueueExitCodes,
                {{"reason"}, {"json"}},
                emergency_stop});
}

}  // namespace vellum::cli
