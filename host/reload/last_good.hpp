// The configuration file's text as the server last applied it successfully (at start or by a reload),
// kept in <data_dir>/last-good-config.yaml (0600: it may hold secrets). When the file holds a change
// the server cannot apply — a provider that fails its health check — `vellum serve` starts on this
// copy instead of not starting at all (docs/operations.md, "Reloading the configuration").
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "vellum/sdk/result.hpp"

namespace vellum::reload {

inline constexpr const char* kLastGoodFileName = "last-good-config.yaml";

[[nodiscard]] std::filesystem::path last_good_path(const std::filesystem::path& data_dir);
// Replaces the copy whole (written beside it, then renamed), so a crash never leaves half a file.
[[nodiscard]] sdk::Status save_last_good(const std::filesystem::path& data_dir, std::string_view text);
// The copy's text; nullopt when there is none or it cannot be read.
[[nodiscard]] std::optional<std::string> read_last_good(const std::filesystem::path& data_dir);

}  // namespace vellum::reload
