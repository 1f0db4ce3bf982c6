// The shape of vellum.yaml: which dotted paths are sections, which are values, and which table
// validates each value. The file reader and the VELLUM_ environment reader both ask here, so an
// unknown key gets the same message wherever it was written.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "config/plugin_schemas.hpp"
#include "vellum/sdk/result.hpp"

namespace vellum::config {

struct PathPlace {
  bool is_section = false;
  std::string section;  // dotted path of the enclosing section: "" (top level), "server", "embedding.ollama"
  std::string key;      // the last segment; empty for the top level itself
  const sdk::ConfigOption* option = nullptr;  // for values: the row that validates it
};

// Where `path` ("server", "port") belongs, or why it is not accepted: an unknown key (with the
// accepted ones), a plugin that is not installed (with the installed ones), or a key below a value.
// The error message carries no location; callers prefix it.
[[nodiscard]] sdk::Result<PathPlace> locate(std::span<const std::string> path, const PluginSchemas& schemas);

// "no embedding plugin named 'olama'; installed: local, ollama"
[[nodiscard]] std::string plugin_not_installed(sdk::Slot slot, std::string_view name, const PluginSchemas& schemas);

// "server.port" -> {"server", "port"}.
[[nodiscard]] std::vector<std::string> split_key(std::string_view dotted);

}  // namespace vellum::config
