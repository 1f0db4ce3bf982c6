#include "config/env_reader.hpp"

#include <algorithm>
#include <cctype>

#include "config/config_layout.hpp"
#include "config/core_settings.hpp"
#include "config/env_names.hpp"
#include "config/plugin_settings.hpp"

namespace vellum::config {

namespace {

std::string trim(std::string_view text) {
  auto space = [](unsigned char c) { return std::isspace(c) != 0; };
  while (!text.empty() && space(text.front())) text.remove_prefix(1);
  while (!text.empty() && space(text.back())) text.remove_suffix(1);
  return std::string(text);
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

// VELLUM_SERVER__PORT -> {"server", "port"}; empty when a level is empty (VELLUM_SERVER____PORT).
std::vector<std::string> env_path(std::string_view name) {
  name.remove_prefix(kEnvPrefix.size());
  std::vector<std::string> path;
  while (true) {
    auto separator = name.find(kEnvLevelSeparator);
    auto level = name.substr(0, separator);
    if (level.empty()) return {};
    path.push_back(lower(level));
    if (separator == std::string_view::npos) return path;
    name.remove_prefix(separator + kEnvLevelSeparator.size());
  }
}

// VELLUM_SERVER_PORT: a common slip, so say how levels are separated.
std::string level_hint(const std::vector<std::string>& path) {
  if (path.size() != 1) return "";
  for (const auto& section : core_sections()) {
    if (!section.name.empty() && path[0].rfind(std::string(section.name) + "_", 0) == 0) {
      return " (levels are separated by '__', e.g. " + env_name_for(std::string(section.name) + "." +
                                                                      path[0].substr(section.name.size() + 1)) + ")";
    }
  }
  return "";
}

void read_vellum_variable(const std::string& name, std::string value, const PluginSchemas& schemas, RawSettings& raw,
                          std::vector<std::string>& errors, std::vector<std::string>& warnings) {
  auto path = env_path(name);
  if (path.empty()) {
    errors.push_back("env " + name + ": not a configuration key; levels are separated by '__', e.g. " +
                     env_name_for("server.port"));
    return;
  }
  auto place = locate(path, schemas);
  if (!place) {
    errors.push_back("env " + name + ": " + place.error().message + level_hint(path));
    return;
  }
  if (place->is_section) {
    errors.push_back("env " + name + ": '" + qualified_key(place->section, place->key) +
                     "' is a section; set one of its keys as " + name + "__<KEY>");
    return;
  }
  raw.set(RawValue{place->section, place->key, std::move(value), Origin{Source::env, {}, 0, name}}, warnings);
}

// The selected embedding provider as far as the file and the environment have said.
std::string selected_provider(const RawSettings& raw) {
  if (const auto* chosen = raw.find("embedding.provider")) return chosen->text;
  const auto& slot = slot_section(sdk::Slot::embedding);
  return find_option(slot.options, selector_key(sdk::Slot::embedding))->default_value;
}

void read_legacy_variable(const EnvName& name, std::string value, const PluginSchemas& schemas, RawSettings& raw,
                          std::vector<std::string>& warnings) {
  std::string key(name.key);
  if (auto at = key.find(kSelectedProvider); at != std::string::npos) {
    key.replace(at, kSelectedProvider.size(), selected_provider(raw));
  }
  const std::string variable(name.variable);
  if (!name.replaced_by.empty()) {
    warnings.push_back("environment variable " + variable + " is deprecated; use " + std::string(name.replaced_by) +
                       " instead (it sets " + key + ")");
  }
  auto path = split_key(key);
  auto place = locate(path, schemas);
  if (!place) {
    warnings.push_back("environment variable " + variable + " is ignored: " + place.error().message);
    return;
  }
  const Source source = name.replaced_by.empty() ? Source::env_legacy : Source::env_deprecated;
  raw.set(RawValue{place->section, place->key, std::move(value), Origin{source, {}, 0, variable}}, warnings);
}

// The value of `name` when it is set to something other than blanks.
std::optional<std::string> lookup(const Environment& env, std::string_view name) {
  auto it = env.find(name);
  if (it == env.end()) return std::nullopt;
  auto value = trim(it->second);
  if (value.empty()) return std::nullopt;
  return value;
}

}  // namespace

Environment environment_from(char** envp) {
  Environment env;
  for (char** entry = envp; entry && *entry; ++entry) {
    std::string_view text(*entry);
    auto equals = text.find('=');
    if (equals == std::string_view::npos) continue;
    env.emplace(std::string(text.substr(0, equals)), std::string(text.substr(equals + 1)));
  }
  return env;
}

void read_env_settings(const Environment& env, const PluginSchemas& schemas, RawSettings& raw,
                       std::vector<std::string>& errors, std::vector<std::string>& warnings) {
  for (const auto& [name, text] : env) {
    if (name.rfind(kEnvPrefix, 0) != 0 || is_reserved_env_name(name)) continue;
    if (auto value = lookup(env, name)) read_vellum_variable(name, std::move(*value), schemas, raw, errors, warnings);
  }
  // Names that depend on the selected provider go last, once every selector is known. Within each
  // pass the table's order decides between two names for the same key.
  for (bool templated : {false, true}) {
    for (const auto& name : legacy_env_names()) {
      if ((name.key.find(kSelectedProvider) != std::string_view::npos) != templated) continue;
      if (auto value = lookup(env, name.variable)) read_legacy_variable(name, std::move(*value), schemas, raw, warnings);
    }
  }
  for (const auto& name : unsupported_env_names()) {
    if (lookup(env, name.variable)) {
      warnings.push_back("environment variable " + std::string(name.variable) + " is not supported: " +
                         std::string(name.reason));
    }
  }
}

}  // namespace vellum::config
