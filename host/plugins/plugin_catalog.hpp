// Every plugin found in the plugin directories, with its manifest, or why it was refused.
// One active item per slot is chosen from here by the configuration (osquery's registry model).
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "plugins/plugin_library.hpp"

namespace vellum::plugins {

struct RefusedPlugin {
  std::filesystem::path file;
  std::string reason;
};

class PluginCatalog {
 public:
  // Loads every `*.so` in `directories` (in order; missing directories are skipped, not errors)
  // and checks its manifest. A second plugin with the same slot and name is refused, naming both files.
  static PluginCatalog scan(const std::vector<std::filesystem::path>& directories);

  [[nodiscard]] const std::vector<LibraryPtr>& plugins() const noexcept { return plugins_; }
  [[nodiscard]] const std::vector<RefusedPlugin>& refused() const noexcept { return refused_; }
  [[nodiscard]] const std::vector<std::filesystem::path>& directories() const noexcept { return directories_; }

  [[nodiscard]] LibraryPtr find(sdk::Slot slot, std::string_view name) const;
  [[nodiscard]] std::vector<std::string> names(sdk::Slot slot) const;
  // Why `name` for `slot` cannot be used: not found (listing what is installed), or its refusal.
  [[nodiscard]] std::string explain_missing(sdk::Slot slot, std::string_view name) const;

 private:
  std::vector<std::filesystem::path> directories_;
  std::vector<LibraryPtr> plugins_;
  std::vector<RefusedPlugin> refused_;
};

// The plugin directories in search order: the configured ones, then VELLUM_PLUGIN_PATH
// (colon-separated), then the install default next to the executable (<bin>/../lib/vellum/plugins).
[[nodiscard]] std::vector<std::filesystem::path> plugin_search_path(
    const std::vector<std::filesystem::path>& configured, const char* env_plugin_path);

}  // namespace vellum::plugins
