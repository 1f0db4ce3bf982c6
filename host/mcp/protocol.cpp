#include "mcp/protocol.hpp"

#include <algorithm>
#include <array>

namespace vellum::mcp {

namespace {

constexpr std::array<std::string_view, 4> kVersions = {"2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"};
constexpr std::array<std::string_view, 8> kLevels = {"debug",    "info",  "notice",   "warning",
                                                     "error",    "critical", "alert", "emergency"};

}  // namespace

std::span<const std::string_view> supported_protocol_versions() noexcept { return kVersions; }

bool is_supported_protocol_version(std::string_view version) noexcept {
  return std::find(kVersions.begin(), kVersions.end(), version) != kVersions.end();
}

std::string negotiate_protocol_version(std::string_view requested) {
  return std::string(is_supported_protocol_version(requested) ? requested : kLatestProtocolVersion);
}

std::optional<LogLevel> parse_log_level(std::string_view text) noexcept {
  for (std::size_t i = 0; i < kLevels.size(); ++i) {
    if (kLevels[i] == text) return static_cast<LogLevel>(i);
  }
  return std::nullopt;
}

std::string_view to_string(LogLevel level) noexcept { return kLevels[static_cast<std::size_t>(level)]; }

}  // namespace vellum::mcp
