// Timestamps as canonical UTC text, "2025-01-15T10:30:00.000Z": millisecond precision, fixed width,
// so text order is time order (SQLite stores exactly this; PostgreSQL converts at the edge).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "vellum/sdk/types.hpp"

namespace vellum::storage_sql {

[[nodiscard]] std::string format_timestamp(sdk::Timestamp t);
// Accepts the canonical form and the common variants a database or an operator may write:
// "YYYY-MM-DD HH:MM:SS", optional fraction (any digits, truncated to ms), optional "Z"/"+00:00".
[[nodiscard]] std::optional<sdk::Timestamp> parse_timestamp(std::string_view text);
// parse_timestamp that throws std::runtime_error naming the text: for values read back from the
// database, where a malformed value is a bug the repository guard reports as internal.
[[nodiscard]] sdk::Timestamp timestamp_from_db(std::string_view text);

}  // namespace vellum::storage_sql
