#include "config/config_render.hpp"

#include <algorithm>
#include <iomanip>

#include <nlohmann/json.hpp>

#include "config/plugin_settings.hpp"

namespace vellum::config {

namespace {

// Below this length the last four characters are too large a part of the secret to print.
constexpr std::size_t kShortSecret = 10;

std::string shown_text(const EffectiveSetting& setting) {
  const auto text = format_value(setting.value);
  if (setting.secret) return mask_secret(text);
  return text.empty() ? "\"\"" : text;  // an empty column would read as a missing value
}

nlohmann::json shown_json(const EffectiveSetting& setting) {
  if (setting.secret) return mask_secret(format_value(setting.value));
  if (setting.list_separator) {
    auto items = nlohmann::json::array();
    std::string_view rest = std::get<std::string>(setting.value);
    while (!rest.empty()) {
      auto at = rest.find(setting.list_separator);
      items.push_back(std::string(rest.substr(0, at)));
      if (at == std::string_view::npos) break;
      rest.remove_prefix(at + 1);
    }
    return items;
  }
  return std::visit([](const auto& v) { return nlohmann::json(v); }, setting.value);
}

}  // namespace

std::string mask_secret(std::string_view secret) {
  if (secret.size() < kShortSecret) return "****";
  return "****" + std::string(secret.substr(secret.size() - 4));
}

int render_config_check(const LoadReport& report, std::ostream& out) {
  for (const auto& warning : report.warnings) out << "warning: " << warning << '\n';
  if (report.ok()) {
    out << "configuration OK: " << report.source_name << '\n';
    return 0;
  }
  for (const auto& error : report.errors) out << error << '\n';
  out << "configuration invalid: " << report.errors.size() << (report.errors.size() == 1 ? " error" : " errors")
      << " (" << report.source_name << ")\n";
  return 1;
}

void render_config_show(const Config& config, bool json, std::ostream& out) {
  if (json) {
    nlohmann::json settings = nlohmann::json::object();
    for (const auto& [key, setting] : config.effective) {
      settings[key] = {{"value", shown_json(setting)}, {"origin", setting.origin.label()}};
    }
    nlohmann::json document = {
        {"source", config.source_name()}, {"settings", settings}, {"warnings", config.warnings}};
    out << document.dump(2) << '\n';
    return;
  }
  std::size_t key_width = 0, value_width = 0;
  for (const auto& [key, setting] : config.effective) {
    key_width = std::max(key_width, key.size());
    value_width = std::max(value_width, shown_text(setting).size());
  }
  const auto flags = out.flags();  // the caller's stream: leave its formatting as it was
  out << "# configuration: " << config.source_name() << '\n';
  for (const auto& [key, setting] : config.effective) {
    out << std::left << std::setw(static_cast<int>(key_width)) << key << "  "
        << std::setw(static_cast<int>(value_width)) << shown_text(setting) << "  " << setting.origin.label() << '\n';
  }
  out.flags(flags);
  for (const auto& warning : config.warnings) out << "# warning: " << warning << '\n';
}

}  // namespace vellum::config
