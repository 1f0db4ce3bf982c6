// Loading the configuration: find the file, read it and the environment, validate everything
// against the core tables and the installed plugins' tables.
//
//   --config FILE        that file (it must exist)
//   otherwise            ./vellum.yaml when it exists
//   otherwise            built-in defaults (data under ./data)
// then the environment on top (precedence in env_names.cpp).
//
// Plugins are loaded from plugins.path, and their tables are needed to validate the rest, so loading
// is two steps: read_config_source() + plugin_directories() to find the plugins, then
// resolve_config() with their tables. load_config() does both when the tables are already known.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "config/config_builder.hpp"
#include "config/env_reader.hpp"
#include "config/plugin_schemas.hpp"
#include "vellum/sdk/result.hpp"

namespace vellum::config {

struct LoadOptions {
  std::optional<std::filesystem::path> config_file;  // --config
  // Where ./vellum.yaml is looked for and environment/default relative paths resolve; empty = the
  // process's current directory.
  std::filesystem::path working_dir;
  Environment env;  // the CLI passes environment_from(environ)
};

// The file's text and the environment, read once so both steps see the same input.
struct ConfigSource {
  std::optional<std::filesystem::path> file;  // as named in messages; nullopt = built-in defaults
  std::filesystem::path file_dir;             // absolute; the working directory without a file
  std::filesystem::path working_dir;          // absolute
  std::string text;
  Environment env;
  std::vector<std::string> errors;  // the file could not be read
};

[[nodiscard]] ConfigSource read_config_source(const LoadOptions& options);

// plugins.path from the file and environment, resolved; empty when not configured. Not validated:
// resolve_config() reports any problem with it.
[[nodiscard]] std::vector<std::filesystem::path> plugin_directories(const ConfigSource& source);

// The file's and the environment's values merged by precedence, without any validation; and how
// their relative paths resolve. For what must be read before, or despite, a validated load.
[[nodiscard]] RawSettings unvalidated_settings(const ConfigSource& source);
[[nodiscard]] BuildContext build_context(const ConfigSource& source);

struct LoadReport {
  std::string source_name;  // the file, or "built-in defaults"
  std::optional<Config> config;  // set exactly when `errors` is empty
  std::vector<std::string> errors;
  std::vector<std::string> warnings;

  [[nodiscard]] bool ok() const noexcept { return config.has_value(); }
};

[[nodiscard]] LoadReport resolve_config(const ConfigSource& source, const PluginSchemas& schemas);
[[nodiscard]] LoadReport load_config(const LoadOptions& options, const PluginSchemas& schemas);

// The Config, or one invalid_argument error whose message lists every problem, one per line.
[[nodiscard]] sdk::Result<Config> to_result(LoadReport report);

}  // namespace vellum::config
