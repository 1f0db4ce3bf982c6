// The web console's files, embedded in the binary at build time (cmake/EmbedConsoleAssets.cmake
// generates the table from web/). index.html answers at "/"; every other file at
// asset_base() + "/" + its path under web/, a prefix that changes whenever any file does.
#pragma once

#include <string_view>
#include <vector>

namespace vellum::console {

struct ConsoleAsset {
  std::string_view url;           // "/" or "/assets/<build id>/js/main.js"
  std::string_view content_type;
  std::string_view body;
  std::string_view etag;          // strong: "\"<sha256 of body>\""
  bool immutable = false;         // fingerprinted by its URL: cacheable for a year
};

// "/assets/<build id>"
[[nodiscard]] std::string_view asset_base() noexcept;
[[nodiscard]] const std::vector<ConsoleAsset>& console_assets();
// The asset served at `url`, or nullptr.
[[nodiscard]] const ConsoleAsset* find_asset(std::string_view url);

}  // namespace vellum::console
