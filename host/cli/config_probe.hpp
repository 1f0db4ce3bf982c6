// `vellum config check`: the plugins' own checks of their settings; with --probe, build the
// configured plugins and run their health checks, as a start or a reload would, without serving (the
// storage backend is opened without migrating it).
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "plugins/catalog_schemas.hpp"

namespace vellum::cli {

// What the embedding and queue plugins refuse in their settings beyond the tables (cross-checks such
// as a heartbeat that must stay below max_processing_time_ms), found by creating them as `vellum
// serve` would — without the storage backend, whose creation opens the database. One line per slot.
[[nodiscard]] std::vector<std::string> plugin_setting_errors(const plugins::LoadedConfig& loaded);

// Prints one line per slot; kExitOk when every slot was built and healthy, else kExitFailure.
[[nodiscard]] int probe_plugins(const plugins::LoadedConfig& loaded, std::ostream& out);

}  // namespace vellum::cli
