#include "config/plugin_settings.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <sstream>
#include <vector>

#include "config/value_parsing.hpp"

namespace vellum::config {

using sdk::ConfigOption;
using sdk::Error;
using sdk::ErrorKind;
using sdk::OptionType;

namespace {

std::string format_number(double value) {
  if (std::floor(value) == value && std::abs(value) < 1e15) return std::to_string(static_cast<long long>(value));
  std::ostringstream out;
  out << value;
  return out.str();
}

std::vector<std::string> split_choices(const char* choices) {
  std::vector<std::string> out;
  std::string_view rest = choices ? choices : "";
  while (!rest.empty()) {
    auto bar = rest.find('|');
    out.emplace_back(rest.substr(0, bar));
    if (bar == std::string_view::npos) break;
    rest.remove_prefix(bar + 1);
  }
  return out;
}

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

Error invalid(std::string message) { return Error(ErrorKind::invalid_argument, std::move(message)); }

}  // namespace

std::string describe_accepted(const ConfigOption& option) {
  switch (option.type) {
    case OptionType::boolean: return "true or false";
    case OptionType::integer:
      return option.has_range ? "an integer from " + format_number(option.min) + " to " + format_number(option.max)
                              : "an integer";
    case OptionType::number:
      return option.has_range ? "a number from " + format_number(option.min) + " to " + format_number(option.max)
                              : "a number";
    case OptionType::string:
      if (option.choices) return "one of: " + join(split_choices(option.choices), ", ");
      return "a string";
  }
  return "a value";
}

sdk::Result<sdk::PluginConfig::Value> parse_option_value(const ConfigOption& option, std::string_view text) {
  const auto expected = "expected " + describe_accepted(option) + ", got '" + std::string(text) + "'";
  switch (option.type) {
    case OptionType::boolean: {
      if (auto b = parse_bool(text)) return sdk::PluginConfig::Value(*b);
      return invalid(expected);
    }
    case OptionType::integer: {
      auto i = parse_integer(text);
      if (!i) return invalid(expected);
      if (option.has_range && (static_cast<double>(*i) < option.min || static_cast<double>(*i) > option.max)) {
        return invalid(expected);
      }
      return sdk::PluginConfig::Value(*i);
    }
    case OptionType::number: {
      auto d = parse_number(text);
      if (!d) return invalid(expected);
      if (option.has_range && (*d < option.min || *d > option.max)) return invalid(expected);
      return sdk::PluginConfig::Value(*d);
    }
    case OptionType::string: {
      if (option.choices) {
        auto choices = split_choices(option.choices);
        if (std::find(choices.begin(), choices.end(), text) == choices.end()) return invalid(expected);
      }
      return sdk::PluginConfig::Value(std::string(text));
    }
  }
  return invalid(expected);
}

std::string qualified_key(std::string_view section, std::string_view key) {
  if (section.empty()) return std::string(key);
  return std::string(section) + "." + std::string(key);
}

std::string unknown_key_message(const std::string& section, std::string_view key,
                                std::span<const ConfigOption> options) {
  std::vector<std::string> keys;
  for (const auto& o : options) keys.emplace_back(o.key);
  std::string accepted = keys.empty() ? "this plugin takes no settings" : "accepted keys: " + join(keys, ", ");
  return "unknown key '" + qualified_key(section, key) + "'; " + accepted;
}

sdk::PluginConfig collect_plugin_config(const std::string& section, std::span<const ConfigOption> options,
                                        const std::map<std::string, SettingInput, std::less<>>& given,
                                        std::vector<Error>& errors, bool require_keys) {
  std::map<std::string, sdk::PluginConfig::Value, std::less<>> values;
  for (const auto& [key, input] : given) {
    auto option = std::find_if(options.begin(), options.end(),
                               [&](const ConfigOption& o) { return key == o.key; });
    if (option == options.end()) {
      errors.push_back(invalid(input.origin + ": " + unknown_key_message(section, key, options)));
      continue;
    }
    auto value = parse_option_value(*option, input.text);
    if (!value) {
      errors.push_back(invalid(input.origin + ": " + qualified_key(section, key) + ": " + value.error().message));
      continue;
    }
    values.emplace(key, std::move(value).value());
  }
  for (const auto& option : options) {
    if (values.count(option.key) || given.count(option.key)) continue;
    if (option.default_value) {
      auto value = parse_option_value(option, option.default_value);
      if (!value) {
        errors.push_back(Error(ErrorKind::internal, "the default of " + qualified_key(section, option.key) +
                                                        " does not match its own table: " + value.error().message));
        continue;
      }
      values.emplace(option.key, std::move(value).value());
    } else if (option.required && require_keys) {
      errors.push_back(invalid(qualified_key(section, option.key) + " is required (" + describe_accepted(option) +
                               "): " + option.doc));
    }
  }
  return sdk::PluginConfig(section, std::move(values));
}

sdk::Result<sdk::PluginConfig> build_plugin_config(const std::string& section,
                                                   std::span<const ConfigOption> options,
                                                   const std::map<std::string, SettingInput, std::less<>>& given) {
  std::vector<Error> errors;
  auto config = collect_plugin_config(section, options, given, errors);
  if (!errors.empty()) return errors.front();
  return config;
}

std::string format_value(const sdk::PluginConfig::Value& value) {
  if (const auto* s = std::get_if<std::string>(&value)) return *s;
  if (const auto* i = std::get_if<std::int64_t>(&value)) return std::to_string(*i);
  if (const auto* b = std::get_if<bool>(&value)) return *b ? "true" : "false";
  return format_number(std::get<double>(value));
}

}  // namespace vellum::config
