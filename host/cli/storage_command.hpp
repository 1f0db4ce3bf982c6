// What commands that work on the database share (token, import): load the configuration, set up
// logging, make sure the data directory exists, open the configured backend with migrations applied.
#pragma once

#include <functional>

#include "cli/app_config.hpp"
#include "cli/command.hpp"
#include "vellum/sdk/host_context.hpp"

namespace vellum::cli {

struct StorageSession {
  const LoadedConfig& loaded;
  const config::Config& config;
  sdk::HostContext& host;
  sdk::BackendPtr storage;
};

// Runs `action` with the open backend; reports failures to context.err and returns kExitFailure.
int with_storage(CommandContext& context, const std::function<int(StorageSession&)>& action);

}  // namespace vellum::cli
