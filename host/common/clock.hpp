// The clock in milliseconds, and timestamps as the API and the databases write them.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "vellum/sdk/timestamp_text.hpp"
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
// The text form, shared with the plugins (vellum/sdk/timestamp_text.hpp).
using sdk::format_iso8601;
using sdk::parse_iso8601;

}  // namespace vellum
