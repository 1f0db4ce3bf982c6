// Loading what every command needs: the configuration, validated against the plugins it finds.
// Plugins are searched in plugins.path, then VELLUM_PLUGIN_PATH, then the install directory.
#pragma once

#include <memory>

#include "cli/command.hpp"
#include "config/config_loader.hpp"
#include "plugins/plugin_catalog.hpp"
#include "plugins/runtime.hpp"
#include "search/vector_index.hpp"

namespace vellum::cli {

struct LoadedConfig {
  plugins::PluginCatalog catalog;
  config::LoadReport report;
};

// Reads the file named by --config (or ./vellum.yaml, or the defaults) and the environment.
[[nodiscard]] LoadedConfig load_config_and_plugins(const CommandContext& context);
// The same for a named file (commands that work on two configurations, like `vellum copy`).
[[nodiscard]] LoadedConfig load_config_and_plugins(const CommandContext& context, const std::string& config_file);

// The configuration's slot choices as a runtime spec. Empty queue when the queue is disabled or no
// strategy is selected.
[[nodiscard]] plugins::RuntimeSpec runtime_spec(const config::Config& config);

// The vector index options of semantic_search.hnsw_*.
[[nodiscard]] search::VectorIndexOptions vector_index_options(const config::Config& config);

// Sets up logging from the configuration, with --log-level / --log-format taking precedence.
void setup_logging_for(const config::Config& config, const CommandContext& context);

// Prints the errors of a failed load to `err` and returns kExitFailure.
int report_config_errors(const config::LoadReport& report, std::ostream& err);

}  // namespace vellum::cli

namespace vellum::cli {

// Creates the configured storage backend alone (for commands that need no provider or queue).
// With `migrate` false, pending migrations are left for `vellum migrate up`.
[[nodiscard]] sdk::Result<sdk::BackendPtr> open_storage(const config::Config& config,
                                                        const plugins::PluginCatalog& catalog,
                                                        sdk::HostContext& host, bool migrate);

}  // namespace vellum::cli
