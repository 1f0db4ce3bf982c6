#include "vellum/embedding_http/vectors.hpp"

#include <cmath>
#include <string>

namespace vellum::embedding_http {

sdk::Error malformed_response(std::string_view what) {
  return sdk::Error(sdk::ErrorKind::permanent, "malformed response: " + std::string(what));
}

sdk::Error vector_count_mismatch(std::size_t expected, std::size_t got) {
  return sdk::Error(sdk::ErrorKind::bad_dimension, "expected " + std::to_string(expected) +
                                                       (expected == 1 ? " vector" : " vectors") +
                                                       " (one per input), got " + std::to_string(got));
}

sdk::Result<sdk::Vector> parse_vector(const nlohmann::json& value, std::size_t expected_dimensions, std::size_t index) {
  const std::string which = "the embedding of input " + std::to_string(index);
  if (!value.is_array()) return malformed_response(which + " is not an array of numbers");
  if (value.size() != expected_dimensions) {
    return sdk::Error(sdk::ErrorKind::bad_dimension, which + " has " + std::to_string(value.size()) +
                                                         " dimensions, expected " + std::to_string(expected_dimensions));
  }
  sdk::Vector vector;
  vector.reserve(value.size());
  for (std::size_t i = 0; i < value.size(); ++i) {
    const auto& element = value[i];
    if (!element.is_number()) return malformed_response(which + ": element " + std::to_string(i) + " is not a number");
    // A double beyond float range becomes infinite here; NaN or infinity would poison every
    // similarity computed against this vector, so neither is stored.
    const auto number = static_cast<float>(element.get<double>());
    if (!std::isfinite(number)) {
      return malformed_response(which + ": element " + std::to_string(i) + " is not a finite float");
    }
    vector.push_back(number);
  }
  return vector;
}

}  // namespace vellum::embedding_http
