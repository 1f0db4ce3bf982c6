// Timestamps as the API and the databases write them: ISO-8601 UTC with milliseconds.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "vellum/sdk/types.hpp"

namespace vellum {

// Now, truncated to milliseconds (the precision every store keeps).
[[nodiscard]] sdk::Timestamp now_ms();
// Milliseconds since the Unix epoch, and back.
[[nodiscard]] inline std::int64_t to_epoch_ms(sdk::Timestamp t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}
[[nodiscard]] inline sdk::Timestamp from_epoch_ms(std::int64_t ms) {
  return sdk::Timestamp(std::chrono::milliseconds(ms));
}
// "2025-01-15T10:30:00.000Z"
[[nodiscard]] std::string format_iso8601(sdk::Timestamp t);
// Accepts "YYYY-MM-DDTHH:MM:SS[.fff][Z|+00:00]" and the space-separated form databases print.
[[nodiscard]] std::optional<sdk::Timestamp> parse_iso8601(std::string_view text);

}  // namespace vellum
