// The core's own settings tables. They use the same ConfigOption rows as plugins, so the file, the
// environment, error messages and `vellum config show` treat core and plugin settings alike.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "vellum/sdk/abi.hpp"
#include "vellum/sdk/plugin_config.hpp"

namespace vellum::config {

// One top-level part of vellum.yaml. `name` is empty for the top-level scalars (data_dir). A slot
// section (embedding, storage, queue) holds its own keys (the selector, queue.enabled) and one
// sub-section per plugin, validated by that plugin's table.
struct CoreSection {
  std::string_view name;
  std::span<const sdk::ConfigOption> options;
  std::optional<sdk::Slot> slot;
};

// Every core section, top-level scalars first, then in the order vellum.yaml shows them.
[[nodiscard]] std::span<const CoreSection> core_sections();
[[nodiscard]] const CoreSection* find_core_section(std::string_view name);
[[nodiscard]] const CoreSection& slot_section(sdk::Slot slot);
[[nodiscard]] const sdk::ConfigOption* find_option(std::span<const sdk::ConfigOption> options, std::string_view key);

// The key that picks a slot's plugin: "provider", "backend" or "strategy".
[[nodiscard]] std::string_view selector_key(sdk::Slot slot);

// Every key accepted at the top of vellum.yaml, sorted: "auth, data_dir, embedding, …".
[[nodiscard]] std::vector<std::string> top_level_keys();

// List-valued core settings (the SDK's option types are scalars). In YAML they are sequences; in the
// environment, and inside Config::effective, one string joined with the separator.
[[nodiscard]] std::optional<char> list_separator(std::string_view dotted_key);

// Settings holding filesystem paths, resolved against the directory of the file that set them.
[[nodiscard]] bool is_path_setting(std::string_view dotted_key);

}  // namespace vellum::config
