// vellum rollback-plan: asks the running server what it runs (cli/rollback_plan.hpp) and prints the
// guide's scenarios with this deployment's commands, as Markdown or JSON.
#include <ostream>

#include "cli/admin_client.hpp"
#include "cli/live_server.hpp"
#include "cli/rollback_plan.hpp"
#include "common/clock.hpp"

namespace vellum::cli {

namespace {

constexpr std::chrono::seconds kTimeout{30};

int rollback_plan_command(CommandContext& context) {
  // --json as every other command takes it; --format as the guide asks for it.
  const auto format = context.args.value("format").value_or(context.args.flag("json") ? "json" : "md");
  if (format != "md" && format != "json") {
    context.err << "vellum: --format expects md or json, got '" << format << "'\n";
    return kExitUsage;
  }
  const auto server = find_live_server(context, "make a rollback plan");
  if (!server) return kExitNoServer;
  std::string failures;
  for (const auto& candidate : server->candidates) {
    rollback_plan::Inputs inputs;
    inputs.url = candidate.url;
    bool reached = true;
    for (auto [path, document] : {std::pair{"/api/admin/runtime", &inputs.runtime},
                                  std::pair{"/api/embedding-sets", &inputs.sets},
                                  std::pair{"/api/queue/status", &inputs.queue}}) {
      auto answer = call_server(candidate.url, server->token, "GET", path, kTimeout);
      if (!answer) {
        failures += "\n  " + candidate.url + " (from " + candidate.from + "): " + answer.error().message;
        reached = false;
        break;
      }
      if (answer->status == 401) {
        context.err << "vellum: " << candidate.url << " refused the admin token (" << server->token_source << ")\n";
        return kExitNoServer;
      }
      *document = nlohmann::json::parse(answer->body, nullptr, false);
      if (answer->status != 200 || !document->is_object()) {
        context.err << "vellum: " << candidate.url << path << " answered HTTP " << answer->status << ": "
                    << answer->body.substr(0, 300) << "\n";
        return kExitFailure;
      }
    }
    if (!reached) continue;
    inputs.backup = datamove::last_backup(server->data_dir);
    inputs.now_epoch_ms = to_epoch_ms(now_ms());
    const auto plan = rollback_plan::build_plan(inputs);
    if (format == "json") {
      context.out << plan.dump(2) << "\n";
    } else {
      context.out << rollback_plan::render_markdown(plan);
    }
    return kExitOk;
  }
  context.err << "vellum: no server answered:" << failures << "\n";
  return kExitNoServer;
}

}  // namespace

void register_rollback_plan_command(CommandSet& commands) {
  commands.add({{"rollback-plan"},
                "the operations guide's rollback scenarios, with this deployment's commands",
                "usage: vellum rollback-plan [--format md|json] [--json] [--config FILE] [--url URL]\n\n"
                "Asks the running `vellum serve` what it runs — runtime generation, configuration file, each\n"
                "slot's plugin and version, the embedding sets and whether the previous one allows an instant\n"
                "provider rollback (and until when), the queue — reads the latest backup recorded in\n"
                "<data_dir>/last-backup.json, and prints each scenario of docs/operations.md with the exact\n"
                "commands for this deployment and what to check afterwards (always `vellum verify`).\n"
                "Warnings come first: no or old backup, a refused reload, settings an environment variable\n"
                "masks, a switch in progress, failed tasks.\n\n"
                "exit codes: 0 printed, 1 the server answered an error, 2 wrong usage,\n"
                "            3 no server answered or it refused the admin token\n",
                {{"format", "url"}, {"json"}},
                rollback_plan_command});
}

}  // namespace vellum::cli
