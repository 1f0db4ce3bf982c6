#include "console/console_assets.hpp"

#include <algorithm>

namespace vellum::console {

const ConsoleAsset* find_asset(std::string_view url) {
  const auto& assets = console_assets();
  auto it = std::find_if(assets.begin(), assets.end(), [url](const ConsoleAsset& a) { return a.url == url; });
  return it == assets.end() ? nullptr : &*it;
}

}  // namespace vellum::console
