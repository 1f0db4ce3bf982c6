#include "support/slot_choice.hpp"

#include <catch2/catch.hpp>

#include "config/plugin_settings.hpp"

namespace vellum::test {

plugins::SlotChoice slot_choice(const plugins::PluginCatalog& catalog, sdk::Slot slot, const std::string& name,
                                const std::map<std::string, std::string>& settings) {
  auto library = catalog.find(slot, name);
  if (!library) FAIL(catalog.explain_missing(slot, name));
  std::map<std::string, config::SettingInput, std::less<>> given;
  for (const auto& [key, value] : settings) given[key] = {value, "test"};
  auto built = config::build_plugin_config(std::string(sdk::to_string(slot)) + "." + name,
                                           library->manifest().options, given);
  if (!built) FAIL(built.error().message);
  return {name, built.value()};
}

}  // namespace vellum::test
