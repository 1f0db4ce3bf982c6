// A plugin declares its settings as a table (key, type, default, range, doc), the way Fluent Bit's
// config maps do. The host validates the plugin's YAML section against that table before the plugin
// is created, and hands the factory a typed view with every default filled in.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace vellum::sdk {

enum class OptionType : std::uint32_t { string = 1, integer = 2, number = 3, boolean = 4 };

[[nodiscard]] constexpr std::string_view to_string(OptionType t) noexcept {
  switch (t) {
    case OptionType::string: return "string";
    case OptionType::integer: return "integer";
    case OptionType::number: return "number";
    case OptionType::boolean: return "boolean";
  }
  return "string";
}

// One row of a plugin's settings table. Plain data with static storage, so the host can read it from
// the manifest before it creates anything.
struct ConfigOption {
  const char* key = nullptr;            // "base_url"
  OptionType type = OptionType::string;
  const char* default_value = nullptr;  // as it would be written in YAML; nullptr = no default
  bool required = false;                // must be set (only meaningful without a default)
  bool has_range = false;               // min/max apply (integer and number)
  double min = 0;
  double max = 0;
  const char* choices = nullptr;        // "a|b|c": the only accepted strings; nullptr = any
  bool secret = false;                  // masked by `vellum config show`
  const char* doc = "";                 // one line for the configuration reference
};

// Builders that keep settings tables short and readable.
constexpr ConfigOption option_string(const char* key, const char* def, const char* doc) {
  return ConfigOption{key, OptionType::string, def, false, false, 0, 0, nullptr, false, doc};
}
constexpr ConfigOption option_required_string(const char* key, const char* doc) {
  return ConfigOption{key, OptionType::string, nullptr, true, false, 0, 0, nullptr, false, doc};
}
constexpr ConfigOption option_secret(const char* key, const char* doc) {
  return ConfigOption{key, OptionType::string, nullptr, false, false, 0, 0, nullptr, true, doc};
}
constexpr ConfigOption option_choice(const char* key, const char* def, const char* choices, const char* doc) {
  return ConfigOption{key, OptionType::string, def, false, false, 0, 0, choices, false, doc};
}
constexpr ConfigOption option_integer(const char* key, const char* def, double min, double max, const char* doc) {
  return ConfigOption{key, OptionType::integer, def, false, true, min, max, nullptr, false, doc};
}
constexpr ConfigOption option_number(const char* key, const char* def, double min, double max, const char* doc) {
  return ConfigOption{key, OptionType::number, def, false, true, min, max, nullptr, false, doc};
}
constexpr ConfigOption option_boolean(const char* key, const char* def, const char* doc) {
  return ConfigOption{key, OptionType::boolean, def, false, false, 0, 0, nullptr, false, doc};
}

// The validated settings of one plugin section. Every key of the table with a default (or set in
// the file or environment) is present, with the table's type.
class PluginConfig {
 public:
  using Value = std::variant<std::string, std::int64_t, double, bool>;

  PluginConfig() = default;
  PluginConfig(std::string section, std::map<std::string, Value, std::less<>> values)
      : section_(std::move(section)), values_(std::move(values)) {}

  // The YAML path of the section, e.g. "embedding.ollama"; used in error messages.
  [[nodiscard]] const std::string& section() const noexcept { return section_; }
  [[nodiscard]] bool has(std::string_view key) const { return values_.find(key) != values_.end(); }
  [[nodiscard]] const std::map<std::string, Value, std::less<>>& values() const noexcept { return values_; }

  [[nodiscard]] std::string get_string(std::string_view key, std::string fallback = {}) const {
    return get<std::string>(key).value_or(std::move(fallback));
  }
  [[nodiscard]] std::int64_t get_integer(std::string_view key, std::int64_t fallback = 0) const {
    return get<std::int64_t>(key).value_or(fallback);
  }
  [[nodiscard]] double get_number(std::string_view key, double fallback = 0) const {
    if (auto i = get<std::int64_t>(key)) return static_cast<double>(*i);
    return get<double>(key).value_or(fallback);
  }
  [[nodiscard]] bool get_boolean(std::string_view key, bool fallback = false) const {
    return get<bool>(key).value_or(fallback);
  }

  template <class T>
  [[nodiscard]] std::optional<T> get(std::string_view key) const {
    auto it = values_.find(key);
    if (it == values_.end()) return std::nullopt;
    if (const T* v = std::get_if<T>(&it->second)) return *v;
    return std::nullopt;
  }

 private:
  std::string section_;
  std::map<std::string, Value, std::less<>> values_;
};

}  // namespace vellum::sdk
