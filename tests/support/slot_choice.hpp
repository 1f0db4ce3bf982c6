// A plugin choice for a test runtime: the named plugin from a catalog with the given textual
// settings, validated by the plugin's own settings table exactly as the configuration would.
#pragma once

#include <map>
#include <string>

#include "plugins/plugin_catalog.hpp"
#include "plugins/runtime.hpp"

namespace vellum::test {

// Fails the running test (Catch2) when the plugin is not installed or a setting is refused.
[[nodiscard]] plugins::SlotChoice slot_choice(const plugins::PluginCatalog& catalog, sdk::Slot slot,
                                              const std::string& name,
                                              const std::map<std::string, std::string>& settings = {});

}  // namespace vellum::test
