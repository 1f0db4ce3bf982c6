// Identifiers and digests the repositories make themselves, so both backends produce the same.
#pragma once

#include <string>
#include <string_view>

namespace vellum::storage_sql {

// A time-ordered (version 7) UUID in lowercase canonical form; task, audit and metric ids.
[[nodiscard]] std::string new_uuid();
// sha256 of `data`, lowercase hex; version content hashes.
[[nodiscard]] std::string sha256_hex(std::string_view data);

}  // namespace vellum::storage_sql
