// `vellum config check --probe`: build the configured plugins and run their health checks, as a start
// or a reload would, without serving. The storage backend is opened without migrating it.
#pragma once

#include <ostream>

#include "plugins/catalog_schemas.hpp"

namespace vellum::cli {

// Prints one line per slot; kExitOk when every slot was built and healthy, else kExitFailure.
[[nodiscard]] int probe_plugins(const plugins::LoadedConfig& loaded, std::ostream& out);

}  // namespace vellum::cli
