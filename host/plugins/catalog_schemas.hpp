// The configuration's view of the installed plugins: their names and settings tables, read from the
// manifests of the libraries in a catalog; and a configuration loaded with that view.
#pragma once

#include <algorithm>

#include "config/config_loader.hpp"
#include "config/plugin_schemas.hpp"
#include "plugins/plugin_catalog.hpp"

namespace vellum::plugins {

class CatalogSchemas final : public config::PluginSchemas {
 public:
  explicit CatalogSchemas(const PluginCatalog& catalog) : catalog_(catalog) {}

  [[nodiscard]] std::optional<std::span<const sdk::ConfigOption>> options(sdk::Slot slot,
                                                                          std::string_view name) const override {
    auto library = catalog_.find(slot, name);
    if (!library) return std::nullopt;
    return std::span<const sdk::ConfigOption>(library->manifest().options);
  }
  [[nodiscard]] std::vector<std::string> names(sdk::Slot slot) const override {
    auto names = catalog_.names(slot);
    std::sort(names.begin(), names.end());
    return names;
  }

 private:
  const PluginCatalog& catalog_;
};

// A configuration validated against the plugins found through it, with what it was read from.
struct LoadedConfig {
  PluginCatalog catalog;
  config::LoadReport report;
  config::ConfigSource source;
};

}  // namespace vellum::plugins
