// Reads configuration from environment variables (env_names.cpp lists the names and precedence).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "config/plugin_schemas.hpp"
#include "config/raw_settings.hpp"

namespace vellum::config {

// The process environment as a map, so tests pass their own.
using Environment = std::map<std::string, std::string, std::less<>>;

// Builds the map from `environ`-style "NAME=value" strings.
[[nodiscard]] Environment environment_from(char** envp);

// Adds the environment's settings to `raw`, which already holds the file's (the selected embedding
// provider, needed for EMBEDDING_MODEL, may come from either). Unknown VELLUM_ variables are errors;
// deprecated, unsupported and inapplicable legacy names are warnings.
void read_env_settings(const Environment& env, const PluginSchemas& schemas, RawSettings& raw,
                       std::vector<std::string>& errors, std::vector<std::string>& warnings);

}  // namespace vellum::config
