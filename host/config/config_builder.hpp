// Validates the merged raw settings against the core tables and the installed plugins' tables, and
// builds the typed Config. Every problem is collected, not just the first.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "config/plugin_schemas.hpp"
#include "config/raw_settings.hpp"

namespace vellum::config {

struct BuildContext {
  std::optional<std::filesystem::path> file;  // as named in messages; nullopt = built-in defaults
  // Relative paths resolve against the directory of the file that wrote them, so a config file and
  // its data can move together; values from the environment or the defaults resolve against the
  // working directory, as a shell would.
  std::filesystem::path file_dir;     // absolute
  std::filesystem::path working_dir;  // absolute
};

// nullopt when `errors` received anything.
[[nodiscard]] std::optional<Config> build_config(const RawSettings& raw, const PluginSchemas& schemas,
                                                 const BuildContext& context, std::vector<std::string>& errors,
                                                 std::vector<std::string>& warnings);

// One path as written, resolved against the directory of its file (or the working directory).
[[nodiscard]] std::filesystem::path resolve_path(const RawValue& value, const BuildContext& context);

// The directory list of plugins.path, resolved (used before plugins are loaded, so unvalidated).
[[nodiscard]] std::vector<std::filesystem::path> resolve_path_list(const RawValue& value, const BuildContext& context);

}  // namespace vellum::config
