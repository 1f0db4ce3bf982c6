// vellum config check | show
#include <ostream>

#include "cli/app_config.hpp"
#include "config/config_render.hpp"

namespace vellum::cli {

void register_config_commands(CommandSet& commands) {
  commands.add({{"config", "check"},
                "validate the configuration and the plugin settings",
                "usage: vellum config check [--config FILE]\n\n"
                "Reads the configuration (--config FILE, else ./vellum.yaml, else built-in defaults) and\n"
                "the environment, and validates every key against the core tables and the installed\n"
                "plugins' settings tables. Errors name file:line (or the environment variable), the key\n"
                "and the accepted values.\n\n"
                "exit codes: 0 valid, 1 invalid, 2 wrong usage\n",
                {},
                [](CommandContext& context) {
                  auto loaded = load_config_and_plugins(context);
                  return config::render_config_check(loaded.report, context.out);
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
