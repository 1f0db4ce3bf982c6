// Loading what every command needs: the configuration, validated against the plugins it finds.
// Plugins are searched in plugins.path, then VELLUM_PLUGIN_PATH, then the install directory.
#pragma once

#include <memory>

#include "cli/command.hpp"
#include "config/config_loader.hpp"
#include "plugins/catalog_schemas.hpp"
#include "plugins/runtime.hpp"
#include "plugins/runtime_spec.hpp"
#include "search/vector_index.hpp"

namespace vellum::cli {

using plugins::LoadedConfig;

// Reads the file named by --config (or ./vellum.yaml, or the defaults) and the environment.
[[nodiscard]] LoadedConfig load_config_and_plugins(const CommandContext& context);
// The same for a named file (commands that work on two configurations, like `vellum copy`).
[[nodiscard]] LoadedConfig load_config_and_plugins(const CommandContext& context, const std::string& config_file);
// The same for a source already read (its text replaced, say): finds its plugins and validates it.
[[nodiscard]] LoadedConfig load_plugins_for(const CommandContext& context, config::ConfigSource source);

using plugins::runtime_spec;

// The vector index options of semantic_search.hnsw_*.
[[nodiscard]] search::VectorIndexOptions vector_index_options(const config::Config& config);

// Sets up logging from the configuration, with --log-level / --log-format taking precedence.
void setup_logging_for(const config::Config& config, const CommandContext& context);

// Prints the errors of a failed load to `err` and returns kExitFailure.
int report_config_errors(const config::LoadReport& report, std::ostream& err);

}  // namespace vellum::cli

namespace vellum::cli {

// The storage plugin's settings with auto_migrate (where the backend has it) set to `migrate`.
[[nodiscard]] sdk::PluginConfig storage_settings(const config::Config& config, bool migrate);

// Creates the configured storage backend alone (for commands that need no provider or queue).
// With `migrate` false, pending migrations are left for `vellum migrate up`.
[[nodiscard]] sdk::Result<sdk::BackendPtr> open_storage(const config::Config& config,
                                                        const plugins::PluginCatalog& catalog,
                                                        sdk::HostContext& host, bool migrate);

}  // namespace vellum::cli
