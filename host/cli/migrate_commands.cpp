// vellum migrate status | up | down
#include <nlohmann/json.hpp>
#include <ostream>

#include "cli/app_config.hpp"
#include "common/clock.hpp"
#include "config/value_parsing.hpp"
#include "plugins/host_services.hpp"

namespace vellum::cli {

namespace {

constexpr const char* kExitCodes = "exit codes: 0 success, 1 failure (or down without --confirm), 2 wrong usage\n";

nlohmann::json steps_json(const std::vector<sdk::MigrationStep>& steps) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& s : steps) {
    out.push_back({{"version", s.version},
                   {"name", s.name},
                   {"applied", s.applied},
                   {"applied_at", s.applied_at ? nlohmann::json(format_iso8601(*s.applied_at)) : nlohmann::json()}});
  }
  return out;
}

void print_steps(const std::vector<sdk::MigrationStep>& steps, std::ostream& out) {
  for (const auto& s : steps) {
    char version[16];
    std::snprintf(version, sizeof version, "%04d", s.version);
    out << "  " << version << "  " << (s.applied ? "applied  " : "pending  ") << s.name
        << (s.applied_at ? "  (" + format_iso8601(*s.applied_at) + ")" : "") << "\n";
  }
}

// Runs `action` against the configured backend, opened without applying migrations.
int with_migrations(CommandContext& context,
                    const std::function<int(sdk::MigrationRunner&, const std::optional<int>&)>& action) {
  auto loaded = load_config_and_plugins(context);
  if (!loaded.report.ok()) return report_config_errors(loaded.report, context.err);
  const auto& config = *loaded.report.config;
  setup_logging_for(config, context);
  std::optional<int> target;
  if (auto to = context.args.value("to")) {
    auto parsed = config::parse_integer(*to);
    if (!parsed || *parsed < 0) {
      context.err << "vellum: --to expects a migration number (0 or more), got '" << *to << "'\n";
      return kExitUsage;
    }
    target = static_cast<int>(*parsed);
  }
  plugins::HostServices host(config.data_dir.string());
  auto backend = open_storage(config, loaded.catalog, host, /*migrate=*/false);
  if (!backend) {
    context.err << "vellum: cannot open storage: " << backend.error().message << "\n";
    return kExitFailure;
  }
  return action(backend.value()->migrations(), target);
}

int report_steps(CommandContext& context, const sdk::Result<std::vector<sdk::MigrationStep>>& steps,
                 const char* verb) {
  if (!steps) {
    context.err << "vellum: migration failed: " << steps.error().message << "\n";
    return kExitFailure;
  }
  if (context.args.flag("json")) {
    context.out << nlohmann::json{{verb, steps_json(steps.value())}}.dump(2) << "\n";
  } else if (steps.value().empty()) {
    context.out << "nothing to do\n";
  } else {
    context.out << verb << ":\n";
    print_steps(steps.value(), context.out);
  }
  return kExitOk;
}

}  // namespace

void register_migrate_commands(CommandSet& commands) {
  commands.add({{"migrate", "status"},
                "list schema migrations and whether each is applied",
                std::string("usage: vellum migrate status [--config FILE] [--json]\n\n") + kExitCodes,
                {{}, {"json"}},
                [](CommandContext& context) {
                  return with_migrations(context, [&](sdk::MigrationRunner& runner, const std::optional<int>&) {
                    auto steps = runner.status();
                    if (!steps) {
                      context.err << "vellum: " << steps.error().message << "\n";
                      return kExitFailure;
                    }
                    if (context.args.flag("json")) {
                      context.out << nlohmann::json{{"migrations", steps_json(steps.value())}}.dump(2) << "\n";
                    } else {
                      print_steps(steps.value(), context.out);
                    }
                    return kExitOk;
                  });
                }});
  commands.add({{"migrate", "up"},
                "apply pending migrations (all, or up to --to N)",
                std::string("usage: vellum migrate up [--to N] [--config FILE] [--json]\n\n"
                            "Applies pending steps in order, each in its own transaction.\n\n") +
                    kExitCodes,
                {{"to"}, {"json"}},
                [](CommandContext& context) {
                  return with_migrations(context, [&](sdk::MigrationRunner& runner, const std::optional<int>& to) {
                    return report_steps(context, runner.up(to), "applied");
                  });
                }});
  commands.add({{"migrate", "down"},
                "revert migrations (the newest, or down to --to N; 0 = all)",
                std::string("usage: vellum migrate down [--to N] --confirm [--config FILE] [--json]\n\n"
                            "Reverts applied steps, newest first, each in its own transaction. Reverting\n"
                            "drops tables and their data: without --confirm it only lists what it would\n"
                            "revert.\n\n") +
                    kExitCodes,
                {{"to"}, {"json", "confirm"}},
                [](CommandContext& context) {
                  return with_migrations(context, [&](sdk::MigrationRunner& runner, const std::optional<int>& to) {
                    if (!context.args.flag("confirm")) {
                      auto steps = runner.status();
                      if (!steps) {
                        context.err << "vellum: " << steps.error().message << "\n";
                        return kExitFailure;
                      }
                      std::vector<sdk::MigrationStep> would;
                      int newest = 0;
                      for (const auto& s : steps.value()) if (s.applied) newest = std::max(newest, s.version);
                      const int floor = to ? *to : newest - 1;
                      for (auto it = steps.value().rbegin(); it != steps.value().rend(); ++it) {
                        if (it->applied && it->version > floor) would.push_back(*it);
                      }
                      context.out << "would revert (dry run; add --confirm to revert, data in these tables is lost):\n";
                      print_steps(would, context.out);
                      return kExitFailure;
                    }
                    return report_steps(context, runner.down(to), "reverted");
                  });
                }});
}

}  // namespace vellum::cli
