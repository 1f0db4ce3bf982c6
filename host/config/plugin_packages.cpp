#include "config/plugin_packages.hpp"

namespace vellum::config {

std::string package_hint(sdk::Slot slot, std::string_view name) {
  // "storage-postgres=vellum-postgres,embedding-ollama=vellum-http-providers,…", written by the build
  // from the PACKAGE each built-in plugin declares (plugins/CMakeLists.txt).
  std::string_view table = VELLUM_PLUGIN_PACKAGES;
  const std::string key = std::string(sdk::to_string(slot)) + "-" + std::string(name) + "=";
  while (!table.empty()) {
    const auto comma = table.find(',');
    const auto entry = table.substr(0, comma);
    if (entry.starts_with(key)) {
      const std::string package(entry.substr(key.size()));
      return "; it ships in the Debian package " + package + ": apt install " + package;
    }
    if (comma == std::string_view::npos) break;
    table.remove_prefix(comma + 1);
  }
  return "";
}

}  // namespace vellum::config
