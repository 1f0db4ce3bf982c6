// Protocol versions and log levels. A client asking for a version we speak gets it back; any other
// request is answered with the latest, and the client decides whether it can go on (lifecycle spec).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace vellum::mcp {

inline constexpr std::string_view kLatestProtocolVersion = "2025-11-25";
// What a Streamable HTTP client that sends no MCP-Protocol-Version header is taken to speak.
inline constexpr std::string_view kDefaultHeaderVersion = "2025-03-26";

// Newest first.
[[nodiscard]] std::span<const std::string_view> supported_protocol_versions() noexcept;
[[nodiscard]] bool is_supported_protocol_version(std::string_view version) noexcept;
[[nodiscard]] std::string negotiate_protocol_version(std::string_view requested);

// RFC 5424 severities as MCP names them, least severe first.
enum class LogLevel { debug, info, notice, warning, error, critical, alert, emergency };

[[nodiscard]] std::optional<LogLevel> parse_log_level(std::string_view text) noexcept;
[[nodiscard]] std::string_view to_string(LogLevel level) noexcept;

}  // namespace vellum::mcp
