// Strict parsing of scalar settings: "10abc" is not 10, "1e3" is not 1 (unlike parseInt).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace vellum::config {

// true/false, yes/no, on/off, 1/0 — case-insensitive.
[[nodiscard]] std::optional<bool> parse_bool(std::string_view text);
// A whole decimal integer with optional sign; no trailing characters.
[[nodiscard]] std::optional<std::int64_t> parse_integer(std::string_view text);
// A finite decimal number; no trailing characters.
[[nodiscard]] std::optional<double> parse_number(std::string_view text);

}  // namespace vellum::config
