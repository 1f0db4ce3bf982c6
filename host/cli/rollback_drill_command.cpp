// vellum rollback-drill: rehearse the guide's scenarios on a throwaway copy (cli/rollback_drill.hpp)
// and print one line per step as it ends.
#include <ostream>

#include <nlohmann/json.hpp>

#include "cli/rollback_drill.hpp"
#include "config/value_parsing.hpp"

namespace vellum::cli {

namespace {

std::string upper(std::string_view text) {
  std::string out(text);
  for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

int rollback_drill_command(CommandContext& context) {
  drill::Options options;
  options.dry_run = context.args.flag("dry-run");
  if (auto text = context.args.value("wait")) {
    auto seconds = config::parse_integer(*text);
    if (!seconds || *seconds < 5 || *seconds > 3600) {
      context.err << "vellum: --wait expects seconds from 5 to 3600, got '" << *text << "'\n";
      return kExitUsage;
    }
    options.wait = std::chrono::seconds(*seconds);
  }
  const bool as_json = context.args.flag("json");
  auto show = [&](const drill::Step& step) {
    if (as_json) return;
    context.out << "  " << upper(verify::to_string(step.verdict)) << "  " << step.name << "  " << step.evidence
                << std::endl;
  };
  if (!as_json) context.out << (options.dry_run ? "rollback drill (dry run):\n" : "rollback drill:\n");
  const auto report = drill::run(context, options, show);
  const auto failed = report.failed();
  if (as_json) {
    nlohmann::json steps = nlohmann::json::array();
    for (const auto& step : report.steps) {
      steps.push_back({{"name", step.name}, {"status", verify::to_string(step.verdict)}, {"evidence", step.evidence}});
    }
    context.out << nlohmann::json{{"dryRun", options.dry_run},
                                  {"workspace", report.workspace},
                                  {"copy", report.copy},
                                  {"passed", failed.empty()},
                                  {"failed", failed},
                                  {"steps", steps}}
                       .dump(2)
                << "\n";
  } else if (failed.empty()) {
    context.out << (options.dry_run ? "nothing was changed\n" : "every scenario worked on the copy; nothing is left behind\n");
  } else {
    context.out << failed.size() << " step(s) failed:";
    for (const auto& name : failed) context.out << " " << name;
    context.out << "\n";
  }
  return failed.empty() ? kExitOk : kExitFailure;
}

}  // namespace

void register_rollback_drill_command(CommandSet& commands) {
  commands.add({{"rollback-drill"},
                "rehearse the guide's rollback scenarios on a throwaway copy of the data",
                "usage: vellum rollback-drill [--dry-run] [--json] [--wait SECONDS] [--config FILE]\n\n"
                "Copies this deployment's database (SQLite: into a temporary directory; PostgreSQL: into a\n"
                "temporary schema vellum_drill_* of the same database), starts `vellum serve` on the copy at\n"
                "127.0.0.1 on a free port — same configuration file and environment, pointed at the copy —\n"
                "and runs each scenario of docs/operations.md with the commands an operator types, checking\n"
                "each: vellum verify; temporary queue disable (stop, start); configuration rollback (queue\n"
                "export, clear --all, import); migration rollback; provider rollback (to the previous embedding\n"
                "set and back, when there is one); emergency stop; data corruption recovery (backup, stop,\n"
                "restore, start); vellum verify. Then the server is stopped and the copy removed (directory and\n"
                "schema), also when a step failed. The deployment itself is only read.\n\n"
                "--dry-run says what it would do and changes nothing. --wait: seconds for the drill server to\n"
                "start and for verify's semantic search (default 60). The embedding provider is the deployment's:\n"
                "the probe articles of vellum verify are embedded by it.\n\n"
                "exit codes: 0 every step passed (or the dry run), 1 a step failed (named on the last line),\n"
                "            2 wrong usage\n",
                {{"wait"}, {"dry-run", "json"}},
                rollback_drill_command});
}

}  // namespace vellum::cli
