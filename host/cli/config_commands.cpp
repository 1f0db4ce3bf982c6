// vellum config check | show
#include <ostream>

#include "cli/app_config.hpp"
#include "cli/config_probe.hpp"
#include "config/config_render.hpp"

namespace vellum::cli {

void register_config_commands(CommandSet& commands) {
  commands.add({{"config", "check"},
                "validate the configuration and the plugin settings",
                "usage: vellum config check [--config FILE] [--probe]\n\n"
                "Reads the configuration (--config FILE, else ./vellum.yaml, else built-in defaults) and\n"
                "the environment, and validates every key against the core tables and the installed\n"
                "plugins' settings tables. Errors name file:line (or the environment variable), the key\n"
                "and the accepted values. The embedding and queue plugins then check their settings together\n"
                "(e.g. a heartbeat that must stay below max_processing_time_ms), as `vellum serve` does.\n"
                "--probe: then also build the plugins and run their health checks, as `vellum serve` and a\n"
                "reload do (within plugins.health_check_timeout_ms), without serving and without migrating\n"
                "the database; a failing slot is named with its reason. The environment is this shell's:\n"
                "a running server keeps the one it started with.\n\n"
                "exit codes: 0 valid (and, with --probe, every plugin healthy), 1 invalid or a probe failed,\n"
                "            2 wrong usage\n",
                {{}, {"probe"}},
                [](CommandContext& context) {
                  auto loaded = load_config_and_plugins(context);
                  if (loaded.report.ok()) {
                    // What `vellum serve` would refuse beyond the tables counts as invalid here too.
                    if (auto errors = plugin_setting_errors(loaded); !errors.empty()) {
                      config::LoadReport refused = loaded.report;
                      refused.config.reset();
                      refused.errors = std::move(errors);
                      return config::render_config_check(refused, context.out);
                    }
                  }
                  const int checked = config::render_config_check(loaded.report, context.out);
                  if (checked != kExitOk || !context.args.flag("probe")) return checked;
                  return probe_plugins(loaded, context.out);
                }});
  commands.add({{"config", "show"},
                "print every effective setting and where it came from",
                "usage: vellum config show [--config FILE] [--json]\n\n"
                "Prints each effective key with its value and origin (default, file:<path>:<line>,\n"
                "env:<VARIABLE>). Secrets are masked.\n\n"
                "exit codes: 0 shown, 1 invalid configuration, 2 wrong usage\n",
                {{}, {"json"}},
                [](CommandContext& context) {
                  auto loaded = load_config_and_plugins(context);
                  if (!loaded.report.ok()) return report_config_errors(loaded.report, context.err);
                  config::render_config_show(*loaded.report.config, context.args.flag("json"), context.out);
                  return kExitOk;
                }});
}

}  // namespace vellum::cli
