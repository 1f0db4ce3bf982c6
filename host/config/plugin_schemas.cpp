#include "config/plugin_schemas.hpp"

namespace vellum::config {

StaticPluginSchemas& StaticPluginSchemas::add(sdk::Slot slot, std::string name,
                                              std::vector<sdk::ConfigOption> options) {
  tables_.insert_or_assign({slot, std::move(name)}, std::move(options));
  return *this;
}

std::optional<std::span<const sdk::ConfigOption>> StaticPluginSchemas::options(sdk::Slot slot,
                                                                               std::string_view name) const {
  for (const auto& [id, table] : tables_) {
    if (id.first == slot && id.second == name) return std::span<const sdk::ConfigOption>(table);
  }
  return std::nullopt;
}

std::vector<std::string> StaticPluginSchemas::names(sdk::Slot slot) const {
  std::vector<std::string> out;  // the map's order is already sorted by name within a slot
  for (const auto& [id, table] : tables_) {
    if (id.first == slot) out.push_back(id.second);
  }
  return out;
}

}  // namespace vellum::config
