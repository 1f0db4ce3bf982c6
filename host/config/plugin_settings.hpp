// Turns the textual settings of one plugin section (from YAML or the environment) into the typed,
// validated PluginConfig its factory receives, following the plugin's own settings table.
#pragma once

#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "vellum/sdk/plugin_config.hpp"
#include "vellum/sdk/result.hpp"

namespace vellum::config {

// A value as the operator wrote it, and where: "vellum.yaml:12", "env VELLUM_EMBEDDING__LOCAL__DIMENSIONS".
struct SettingInput {
  std::string text;
  std::string origin;
};

// "an integer from 1 to 4096", "one of: local, ollama, openai", "true or false".
[[nodiscard]] std::string describe_accepted(const sdk::ConfigOption& option);

// Parses one value by the option's type, range and choices. The error message says what was
// accepted but not where; callers add the key and origin.
[[nodiscard]] sdk::Result<sdk::PluginConfig::Value> parse_option_value(const sdk::ConfigOption& option,
                                                                       std::string_view text);

// Builds the plugin's settings: unknown keys, wrong types, out-of-range values and missing required
// keys are errors naming `<origin>: <section>.<key>` and the accepted values; defaults fill the rest.
[[nodiscard]] sdk::Result<sdk::PluginConfig> build_plugin_config(
    const std::string& section, std::span<const sdk::ConfigOption> options,
    const std::map<std::string, SettingInput, std::less<>>& given);

// Like build_plugin_config, but checks every key and returns every problem instead of stopping at
// the first, so `vellum config check` can report them all at once (`errors` receives them in order:
// given keys by name, then missing required keys in table order). With `require_keys` false, missing
// required keys are not errors: that is how sections of installed but unselected plugins are checked.
// An empty `section` means top-level keys ("data_dir", not ".data_dir").
[[nodiscard]] sdk::PluginConfig collect_plugin_config(const std::string& section,
                                                      std::span<const sdk::ConfigOption> options,
                                                      const std::map<std::string, SettingInput, std::less<>>& given,
                                                      std::vector<sdk::Error>& errors, bool require_keys = true);

// "unknown key 'server.prot'; accepted keys: host, port, …" — shared by every place that finds one.
[[nodiscard]] std::string unknown_key_message(const std::string& section, std::string_view key,
                                              std::span<const sdk::ConfigOption> options);

// The full dotted name of a key: "server.port", or just "data_dir" at top level.
[[nodiscard]] std::string qualified_key(std::string_view section, std::string_view key);

// The textual form of a typed value, as `vellum config show` prints it.
[[nodiscard]] std::string format_value(const sdk::PluginConfig::Value& value);

}  // namespace vellum::config
