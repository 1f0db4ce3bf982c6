#include "plugins/plugin_catalog.hpp"

#include <algorithm>
#include <system_error>

#include "config/plugin_packages.hpp"

namespace vellum::plugins {

namespace {

std::vector<std::filesystem::path> shared_libraries_in(const std::filesystem::path& directory) {
  std::vector<std::filesystem::path> files;
  std::error_code error;
  for (std::filesystem::directory_iterator it(directory, error), end; !error && it != end; it.increment(error)) {
    if (it->path().extension() == ".so") files.push_back(it->path());
  }
  std::sort(files.begin(), files.end());  // deterministic: the same files always win
  return files;
}

std::filesystem::path executable_directory() {
  std::error_code error;
  auto self = std::filesystem::read_symlink("/proc/self/exe", error);
  return error ? std::filesystem::path() : self.parent_path();
}

}  // namespace

PluginCatalog PluginCatalog::scan(const std::vector<std::filesystem::path>& directories) {
  PluginCatalog catalog;
  catalog.directories_ = directories;
  for (const auto& directory : directories) {
    for (const auto& file : shared_libraries_in(directory)) {
      auto opened = PluginLibrary::open(file);
      if (!opened) {
        catalog.refused_.push_back({file, opened.error().message});
        continue;
      }
      const auto& manifest = opened.value()->manifest();
      auto clash = std::find_if(catalog.plugins_.begin(), catalog.plugins_.end(), [&](const LibraryPtr& p) {
        return p->manifest().slot == manifest.slot && p->manifest().name == manifest.name;
      });
      if (clash != catalog.plugins_.end()) {
        catalog.refused_.push_back({file, "plugin " + file.string() + ": duplicate " + sdk::to_string(manifest.slot) +
                                              " plugin name '" + manifest.name + "', already provided by " +
                                              (*clash)->manifest().file.string()});
        continue;
      }
      catalog.plugins_.push_back(std::move(opened).value());
    }
  }
  return catalog;
}

LibraryPtr PluginCatalog::find(sdk::Slot slot, std::string_view name) const {
  for (const auto& plugin : plugins_) {
    if (plugin->manifest().slot == slot && plugin->manifest().name == name) return plugin;
  }
  return nullptr;
}

std::vector<std::string> PluginCatalog::names(sdk::Slot slot) const {
  std::vector<std::string> out;
  for (const auto& plugin : plugins_) {
    if (plugin->manifest().slot == slot) out.push_back(plugin->manifest().name);
  }
  return out;
}

std::string PluginCatalog::explain_missing(sdk::Slot slot, std::string_view name) const {
  std::string available;
  for (const auto& n : names(slot)) available += (available.empty() ? "" : ", ") + n;
  std::string searched;
  for (const auto& d : directories_) searched += (searched.empty() ? "" : ":") + d.string();
  std::string message = "no " + std::string(sdk::to_string(slot)) + " plugin named '" + std::string(name) +
                        "'; installed: " + (available.empty() ? "none" : available) + " (searched " +
                        (searched.empty() ? "no directories" : searched) + ")" + config::package_hint(slot, name);
  for (const auto& refused : refused_) message += "\n  refused: " + refused.reason;
  return message;
}

std::vector<std::filesystem::path> plugin_search_path(const std::vector<std::filesystem::path>& configured,
                                                      const char* env_plugin_path) {
  std::vector<std::filesystem::path> out = configured;
  std::string_view env = env_plugin_path ? env_plugin_path : "";
  while (!env.empty()) {
    auto colon = env.find(':');
    auto part = env.substr(0, colon);
    if (!part.empty()) out.emplace_back(part);
    if (colon == std::string_view::npos) break;
    env.remove_prefix(colon + 1);
  }
  if (auto bin = executable_directory(); !bin.empty()) {
    out.push_back((bin / ".." / VELLUM_PLUGIN_RELATIVE_DIR).lexically_normal());
  }
  // The same directory listed twice would make every plugin there a duplicate of itself.
  std::vector<std::filesystem::path> unique;
  for (auto& p : out) {
    std::error_code error;
    auto canonical = std::filesystem::weakly_canonical(p, error);
    auto key = error ? p : canonical;
    if (std::find(unique.begin(), unique.end(), key) == unique.end()) unique.push_back(key);
  }
  return unique;
}

}  // namespace vellum::plugins
