// Process-wide logging on spdlog, always to stderr so stdout stays free for command output and the
// MCP stdio transport.
#pragma once

#include <string>
#include <string_view>

#include "vellum/sdk/host_context.hpp"

namespace vellum {

enum class LogFormat { text, json };

// Configures the default logger. `level` is trace|debug|info|warn|error (unknown → info).
void setup_logging(std::string_view level, LogFormat format);
void set_log_level(std::string_view level);
void log_message(sdk::LogLevel level, std::string_view message);

}  // namespace vellum
