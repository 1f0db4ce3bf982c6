// Timestamps read back from the database (the text form itself is the SDK's, timestamp_text.hpp).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "vellum/sdk/timestamp_text.hpp"

namespace vellum::storage_sql {

using sdk::format_iso8601;
using sdk::parse_iso8601;
// parse_iso8601 that throws std::runtime_error naming the text: for values read back from the
// database, where a malformed value is a bug the repository guard reports as internal.
[[nodiscard]] sdk::Timestamp timestamp_from_db(std::string_view text);

}  // namespace vellum::storage_sql
