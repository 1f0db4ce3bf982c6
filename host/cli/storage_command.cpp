#include "cli/storage_command.hpp"

#include <filesystem>
#include <ostream>

#include "plugins/host_services.hpp"

namespace vellum::cli {

int with_storage(CommandContext& context, const std::function<int(StorageSession&)>& action) {
  auto loaded = load_config_and_plugins(context);
  if (!loaded.report.ok()) return report_config_errors(loaded.report, context.err);
  const config::Config& config = *loaded.report.config;
  setup_logging_for(config, context);
  std::error_code ec;
  std::filesystem::create_directories(config.data_dir, ec);
  if (ec) {
    context.err << "vellum: cannot create data directory " << config.data_dir.string() << ": " << ec.message() << "\n";
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
