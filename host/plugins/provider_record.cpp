#include "plugins/provider_record.hpp"

#include <set>

#include <nlohmann/json.hpp>

namespace vellum::plugins {

namespace {

using sdk::Error;
using sdk::ErrorKind;

std::set<std::string, std::less<>> secret_keys(const PluginLibrary& library) {
  std::set<std::string, std::less<>> keys;
  for (const auto& option : library.manifest().options) {
    if (option.secret && option.key) keys.insert(option.key);
  }
  return keys;
}

nlohmann::json to_json(const sdk::PluginConfig::Value& value) {
  return std::visit([](const auto& v) { return nlohmann::json(v); }, value);
}

std::optional<sdk::PluginConfig::Value> from_json(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>();
  if (value.is_number_integer()) return value.get<std::int64_t>();
  if (value.is_number_float()) return value.get<double>();
  return std::nullopt;
}

}  // namespace

std::string recordable_settings(const SlotChoice& choice, const PluginCatalog& catalog) {
  auto library = catalog.find(sdk::Slot::embedding, choice.plugin);
  const auto secrets = library ? secret_keys(*library) : std::set<std::string, std::less<>>{};
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [key, value] : choice.settings.values()) {
    if (!secrets.count(key)) out[key] = to_json(value);
  }
  return out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

sdk::Result<std::shared_ptr<sdk::EmbeddingProvider>> load_recorded_provider(const sdk::EmbeddingSet& set,
                                                                            const SlotChoice& configured,
                                                                            const PluginCatalog& catalog,
                                                                            sdk::HostContext& host) {
  const std::string what = "embedding set " + std::to_string(set.id) + " (" + set.provider + "/" + set.model + ")";
  if (set.provider_plugin.empty()) {
    return Error(ErrorKind::not_found, what + " records no provider plugin (it was filled by an older version)");
  }
  auto library = catalog.find(sdk::Slot::embedding, set.provider_plugin);
  if (!library) return Error(ErrorKind::not_found, what + ": " + catalog.explain_missing(sdk::Slot::embedding, set.provider_plugin));
  std::map<std::string, sdk::PluginConfig::Value, std::less<>> values;
  const auto recorded = nlohmann::json::parse(set.provider_settings_json, nullptr, /*allow_exceptions=*/false);
  if (!recorded.is_object()) return Error(ErrorKind::permanent, what + ": its recorded settings are not a JSON object");
  for (const auto& [key, value] : recorded.items()) {
    if (auto converted = from_json(value)) values.emplace(key, *converted);
  }
  if (configured.plugin == set.provider_plugin) {
    for (const auto& key : secret_keys(*library)) {
      if (auto it = configured.settings.values().find(key); it != configured.settings.values().end()) {
        values.insert_or_assign(key, it->second);
      }
    }
  }
  auto created = library->create<sdk::Slot::embedding>(sdk::PluginConfig("embedding." + set.provider_plugin, values), host);
  if (!created) return created.error().with_context(what);
  const auto described = created.value()->describe();
  if (described.provider != set.provider || described.model != set.model || described.dimensions != set.dimensions) {
    return Error(ErrorKind::conflict, what + ": the recorded settings now describe " + described.provider +
                                                     "/" + described.model + " (" +
                                                     std::to_string(described.dimensions) + " dimensions)");
  }
  return std::move(created).value();
}

}  // namespace vellum::plugins
