// What the configuration needs to know about installed plugins: their names per slot and their
// settings tables. In the host the tables come from the manifests of the loaded libraries; tests
// supply them directly, so configuration is tested without loading anything.
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "vellum/sdk/abi.hpp"
#include "vellum/sdk/plugin_config.hpp"

namespace vellum::config {

class PluginSchemas {
 public:
  virtual ~PluginSchemas() = default;
  // The settings table of the installed plugin `name` for `slot`; nullopt when there is none.
  [[nodiscard]] virtual std::optional<std::span<const sdk::ConfigOption>> options(sdk::Slot slot,
                                                                                  std::string_view name) const = 0;
  // Names of the installed plugins for `slot`, sorted.
  [[nodiscard]] virtual std::vector<std::string> names(sdk::Slot slot) const = 0;
};

// Tables held by value. The ConfigOption rows keep pointing at the strings they were made from (a
// plugin's manifest, or static data in a test), which must outlive this object.
class StaticPluginSchemas final : public PluginSchemas {
 public:
  StaticPluginSchemas() = default;
  StaticPluginSchemas& add(sdk::Slot slot, std::string name, std::vector<sdk::ConfigOption> options);

  [[nodiscard]] std::optional<std::span<const sdk::ConfigOption>> options(sdk::Slot slot,
                                                                          std::string_view name) const override;
  [[nodiscard]] std::vector<std::string> names(sdk::Slot slot) const override;

 private:
  std::map<std::pair<sdk::Slot, std::string>, std::vector<sdk::ConfigOption>, std::less<>> tables_;
};

}  // namespace vellum::config
