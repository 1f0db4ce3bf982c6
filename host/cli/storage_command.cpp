#include "cli/storage_command.hpp"

#include <filesystem>
#include <ostream>

#include "plugins/host_services.hpp"
#include "vellum/sdk/private_files.hpp"

namespace vellum::cli {

int with_storage(CommandContext& context, const std::function<int(StorageSession&)>& action) {
  auto loaded = load_config_and_plugins(context);
  if (!loaded.report.ok()) return report_config_errors(loaded.report, context.err);
  const config::Config& config = *loaded.report.config;
  setup_logging_for(config, context);
  if (auto made = sdk::make_private_directories(config.data_dir); !made) {
    context.err << "vellum: cannot create the data directory: " << made.error().message << "\n";
    return kExitFailure;
  }
  plugins::HostServices host(config.data_dir.string());
  auto storage = open_storage(config, loaded.catalog, host, /*migrate=*/true);
  if (!storage) {
    context.err << "vellum: cannot open storage: " << storage.error().message << "\n";
    return kExitFailure;
  }
  StorageSession session{loaded, config, host, storage.value()};
  return action(session);
}

}  // namespace vellum::cli
