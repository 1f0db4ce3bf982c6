// Reads vellum.yaml into raw settings, checking its shape as it goes: every key is located in the
// layout (core tables, installed plugins' tables), so errors name file:line, the full key and what is
// accepted. Values are only checked against their types later, together with the environment's.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "config/plugin_schemas.hpp"
#include "config/raw_settings.hpp"

namespace vellum::config {

// `file_name` is how the file is named in messages and origins. Malformed YAML gives one error with
// file:line:column; shape errors are all collected.
void read_yaml_settings(std::string_view text, const std::string& file_name, const PluginSchemas& schemas,
                        RawSettings& raw, std::vector<std::string>& errors, std::vector<std::string>& warnings);

}  // namespace vellum::config
