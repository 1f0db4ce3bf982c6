#include "config/config_layout.hpp"

#include "config/core_settings.hpp"
#include "config/plugin_packages.hpp"
#include "config/plugin_settings.hpp"

namespace vellum::config {

namespace {

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

std::string dotted(std::span<const std::string> path, std::size_t count) {
  std::string out;
  for (std::size_t i = 0; i < count; ++i) out += (i ? "." : "") + path[i];
  return out;
}

sdk::Error invalid(std::string message) { return sdk::Error(sdk::ErrorKind::invalid_argument, std::move(message)); }

// What the walk has reached so far.
struct Cursor {
  enum class Kind { top, core, slot, plugin, value } kind = Kind::top;
  const CoreSection* core = nullptr;           // core and slot sections
  std::span<const sdk::ConfigOption> options;  // plugin sections
};

}  // namespace

std::string plugin_not_installed(sdk::Slot slot, std::string_view name, const PluginSchemas& schemas) {
  auto installed = schemas.names(slot);
  return "no " + std::string(sdk::to_string(slot)) + " plugin named '" + std::string(name) +
         "'; installed: " + (installed.empty() ? "none" : join(installed)) + package_hint(slot, name);
}

std::vector<std::string> split_key(std::string_view key) {
  std::vector<std::string> out;
  while (true) {
    auto dot = key.find('.');
    out.emplace_back(key.substr(0, dot));
    if (dot == std::string_view::npos) return out;
    key.remove_prefix(dot + 1);
  }
}

sdk::Result<PathPlace> locate(std::span<const std::string> path, const PluginSchemas& schemas) {
  Cursor cursor;
  PathPlace place{true, "", "", nullptr};
  for (std::size_t i = 0; i < path.size(); ++i) {
    const std::string& name = path[i];
    const std::string parent = dotted(path, i);
    const std::string full = dotted(path, i + 1);
    place = PathPlace{false, parent, name, nullptr};
    switch (cursor.kind) {
      case Cursor::Kind::value:
        return invalid("unknown key '" + full + "': " + parent + " takes a single value, not a section");
      case Cursor::Kind::top: {
        const CoreSection& top = core_sections().front();
        if ((place.option = find_option(top.options, name))) {
          cursor.kind = Cursor::Kind::value;
        } else if (const CoreSection* section = find_core_section(name); section && !name.empty()) {
          cursor = Cursor{section->slot ? Cursor::Kind::slot : Cursor::Kind::core, section, {}};
          place.is_section = true;
        } else {
          return invalid("unknown key '" + name + "' at top level; accepted keys: " + join(top_level_keys()));
        }
        break;
      }
      case Cursor::Kind::core:
        if (!(place.option = find_option(cursor.core->options, name))) {
          return invalid(unknown_key_message(parent, name, cursor.core->options));
        }
        cursor.kind = Cursor::Kind::value;
        break;
      case Cursor::Kind::slot:
        if ((place.option = find_option(cursor.core->options, name))) {
          cursor.kind = Cursor::Kind::value;
        } else if (auto options = schemas.options(*cursor.core->slot, name)) {
          cursor = Cursor{Cursor::Kind::plugin, nullptr, *options};
          place.is_section = true;
        } else {
          return invalid("unknown key '" + full + "': " + plugin_not_installed(*cursor.core->slot, name, schemas));
        }
        break;
      case Cursor::Kind::plugin:
        if (!(place.option = find_option(cursor.options, name))) {
          return invalid(unknown_key_message(parent, name, cursor.options));
        }
        cursor.kind = Cursor::Kind::value;
        break;
    }
  }
  return place;
}

}  // namespace vellum::config
