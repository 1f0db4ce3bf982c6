// Vectors as bytes: little-endian IEEE-754 float32, 4 bytes per dimension, nothing else — the
// same bytes in every backend, so a dump of one database can be loaded into another.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "vellum/sdk/types.hpp"

namespace vellum::storage_sql {

[[nodiscard]] std::string vector_to_bytes(const sdk::Vector& vector);
// nullopt when the byte count is not a multiple of 4.
[[nodiscard]] std::optional<sdk::Vector> vector_from_bytes(std::string_view bytes);

}  // namespace vellum::storage_sql
