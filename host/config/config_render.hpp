// `vellum config check` and `vellum config show`, rendered to a stream so the CLI only wires them up.
#pragma once

#include <ostream>
#include <string>
#include <string_view>

#include "config/config.hpp"
#include "config/config_loader.hpp"

namespace vellum::config {

// Prints the warnings, then "configuration OK: <file or 'built-in defaults'>" or every error and a
// count. Returns the exit code: 0 valid, 1 invalid.
int render_config_check(const LoadReport& report, std::ostream& out);

// Every effective key with its value and origin ("default", "file:<path>:<line>", "env:<VAR>");
// secrets masked. Text is one aligned line per key; JSON is
//   {"source": "...", "settings": {"server.port": {"value": 5000, "origin": "default"}, ...},
//    "warnings": [...]}
// with lists as arrays and secrets as masked strings.
void render_config_show(const Config& config, bool json, std::ostream& out);

// "****" followed by the last 4 characters, or only "****" when that would show too much of it.
[[nodiscard]] std::string mask_secret(std::string_view secret);

}  // namespace vellum::config
