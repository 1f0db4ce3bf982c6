#include "vellum/storage_sql/timestamp_text.hpp"

#include <stdexcept>

namespace vellum::storage_sql {

sdk::Timestamp timestamp_from_db(std::string_view text) {
  auto parsed = parse_iso8601(text);
  if (!parsed) throw std::runtime_error("malformed timestamp in the database: '" + std::string(text) + "'");
  return *parsed;
}

}  // namespace vellum::storage_sql
