#include "vellum/storage_sql/vector_bytes.hpp"

#include <bit>
#include <cstdint>
#include <cstring>

namespace vellum::storage_sql {

std::string vector_to_bytes(const sdk::Vector& vector) {
  std::string bytes(vector.size() * 4, '\0');
  for (std::size_t i = 0; i < vector.size(); ++i) {
    const auto bits = std::bit_cast<std::uint32_t>(vector[i]);
    for (int b = 0; b < 4; ++b) bytes[i * 4 + b] = static_cast<char>((bits >> (8 * b)) & 0xFFu);
  }
  return bytes;
}

std::optional<sdk::Vector> vector_from_bytes(std::string_view bytes) {
  if (bytes.size() % 4 != 0) return std::nullopt;
  sdk::Vector vector(bytes.size() / 4);
  for (std::size_t i = 0; i < vector.size(); ++i) {
    std::uint32_t bits = 0;
    for (int b = 0; b < 4; ++b) bits |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i * 4 + b])) << (8 * b);
    vector[i] = std::bit_cast<float>(bits);
  }
  return vector;
}

}  // namespace vellum::storage_sql
