// vellum verify: the operations guide's rollback success criteria, checked against the running server
// (cli/verify_checks.hpp), printed as one line per check with its evidence.
#include <ostream>

#include <nlohmann/json.hpp>

#include "cli/admin_client.hpp"
#include "cli/live_server.hpp"
#include "cli/verify_checks.hpp"
#include "config/value_parsing.hpp"

namespace vellum::cli {

namespace {

constexpr int kExitChecksFailed = 1;

// --NAME as a whole number from `min` to `max`; nothing when absent. Prints the usage error.
std::optional<std::optional<std::int64_t>> bounded(CommandContext& context, const char* name, std::int64_t min,
                                                   std::int64_t max) {
  auto text = context.args.value(name);
  if (!text) return std::optional<std::int64_t>();
  auto value = config::parse_integer(*text);
  if (!value || *value < min || *value > max) {
    context.err << "vellum: --" << name << " expects a whole number from " << min << " to " << max << ", got '"
                << *text << "'\n";
    return std::nullopt;
  }
  return std::optional<std::int64_t>(*value);
}

void print_report(const verify::Report& report, std::ostream& out) {
  out << "vellum verify: " << report.url << "\n";
  std::size_t width = 0;
  for (const auto& check : report.checks) width = std::max(width, check.name.size());
  for (const auto& check : report.checks) {
    std::string verdict(verify::to_string(check.verdict));
    for (auto& c : verdict) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    out << "  " << verdict << "  " << check.name << std::string(width - check.name.size() + 2, ' ') << check.evidence
        << "\n";
  }
  const auto failed = report.failed();
  if (failed.empty()) {
    out << "all checks passed\n";
    return;
  }
  out << failed.size() << " check(s) failed:";
  for (const auto& name : failed) out << " " << name;
  out << "\n";
}

nlohmann::json report_json(const verify::Report& report) {
  nlohmann::json checks = nlohmann::json::array();
  for (const auto& check : report.checks) {
    checks.push_back({{"name", check.name}, {"status", verify::to_string(check.verdict)}, {"evidence", check.evidence}});
  }
  return {{"url", report.url}, {"passed", report.failed().empty()}, {"failed", report.failed()}, {"checks", checks}};
}

int verify_command(CommandContext& context) {
  verify::Options options;
  options.quick = context.args.flag("quick");
  const auto budget = bounded(context, "budget-ms", 1, 600'000);
  const auto wait = bounded(context, "wait", 0, 3600);
  const auto timeout = bounded(context, "timeout", 1, 3600);
  if (!budget || !wait || !timeout) return kExitUsage;
  if (*budget) options.budget = std::chrono::milliseconds(**budget);
  if (*wait) options.wait = std::chrono::seconds(**wait);
  if (*timeout) options.request_timeout = std::chrono::seconds(**timeout);

  const auto server = find_live_server(context, "verify the server");
  if (!server) return kExitNoServer;
  std::string failures;
  for (const auto& candidate : server->candidates) {
    auto reached = call_server(candidate.url, server->token, {"GET", "/health", {}, {}, false}, options.request_timeout);
    if (!reached) {
      failures += "\n  " + candidate.url + " (from " + candidate.from + "): " + reached.error().message;
      continue;
    }
    auto probe = call_server(candidate.url, server->token, "GET", "/api/admin/runtime", options.request_timeout);
    if (probe && probe->status == 401) {
      context.err << "vellum: " << candidate.url << " refused the admin token (" << server->token_source << ")\n";
      return kExitNoServer;
    }
    const auto report = verify::run(candidate.url, server->token, options,
                                    [&context](const std::string& line) { context.err << "vellum: " << line << "\n"; });
    if (context.args.flag("json")) {
      context.out << report_json(report).dump(2) << "\n";
    } else {
      print_report(report, context.out);
    }
    return report.failed().empty() ? kExitOk : kExitChecksFailed;
  }
  context.err << "vellum: no server answered:" << failures << "\n";
  return kExitNoServer;
}

}  // namespace

void register_verify_command(CommandSet& commands) {
  commands.add({{"verify"},
                "check that the running server works end to end (the guide's rollback success criteria)",
                "usage: vellum verify [--quick] [--json] [--budget-ms MS] [--wait SECONDS] [--timeout SECONDS]\n"
                "                     [--config FILE] [--url URL]\n\n"
                "Runs each of the operations guide's success criteria against the running `vellum serve` and\n"
                "prints one line per check with what it saw:\n"
                "  server          /health answers\n"
                "  health          the admin /health: not degraded, the embedding provider answers, the last\n"
                "                  reload was not refused\n"
                "  queue           runs as configured (not stopped by an operator), nothing stuck\n"
                "  queue-errors    no task failed in the last hour\n"
                "  articles        a probe article (folder vellum-verify) is created, read and updated\n"
                "  versions        the probe has its two versions\n"
                "  search-keyword, search-semantic, search-hybrid\n"
                "                  each mode finds the probe first, semantic ones from the embedding set they\n"
                "                  name and not degraded (semantic waits up to --wait seconds, default 60, for\n"
                "                  the probe to be embedded)\n"
                "  delete          the probe is deleted and then answers 404 (it is deleted even when a check\n"
                "                  before failed)\n"
                "  mcp             MCP initialize and tools/list over /mcp\n"
                "  database        healthy, and the probe's writes committed\n"
                "  latency         no request slower than --budget-ms (default 2000)\n\n"
                "--quick writes nothing: no probe article, each search mode asked for a common word.\n"
                "The server and the admin token are found as `vellum reload` finds them.\n\n"
                "exit codes: 0 every check passed, 1 a check failed (named on the last line),\n"
                "            2 wrong usage, 3 no server answered or it refused the admin token\n",
                {{"url", "budget-ms", "wait", "timeout"}, {"quick", "json"}},
                verify_command});
}

}  // namespace vellum::cli
