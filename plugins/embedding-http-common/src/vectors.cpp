#include "vellum/embedding_http/vectors.hpp"

#include <cmath>
#include <string>

#include <boost/json/parse.hpp>

namespace vellum::embedding_http {

sdk::Error malformed_response(std::string_view what) {
  return sdk::Error(sdk::ErrorKind::permanent, "malformed response: " + std::string(what));
}

sdk::Error vector_count_mismatch(std::size_t expected, std::size_t got) {
  return sdk::Error(sdk::ErrorKind::bad_dimension, "expected " + std::to_string(expected) +
                                                       (expected == 1 ? " vector" : " vectors") +
                                                       " (one per input), got " + std::to_string(got));
}

sdk::Result<boost::json::object> parse_reply_object(std::string_view body) {
  boost::system::error_code ec;
  auto reply = boost::json::parse(boost::json::string_view(body.data(), body.size()), ec);
  if (ec) return malformed_response("the body is not JSON");
  if (!reply.is_object()) return malformed_response("the body is not a JSON object");
  return std::move(reply.as_object());
}

sdk::Result<sdk::Vector> parse_vector(const boost::json::value& value, std::size_t expected_dimensions,
                                      std::size_t index) {
  const auto which = [&] { return "the embedding of input " + std::to_string(index); };
  const auto* array = value.if_array();
  if (!array) return malformed_response(which() + " is not an array of numbers");
  if (array->size() != expected_dimensions) {
    return sdk::Error(sdk::ErrorKind::bad_dimension, which() + " has " + std::to_string(array->size()) +
                                                         " dimensions, expected " + std::to_string(expected_dimensions));
  }
  sdk::Vector vector;
  vector.reserve(array->size());
  for (std::size_t i = 0; i < array->size(); ++i) {
    const auto& element = (*array)[i];
    double number = 0;
    if (const auto* d = element.if_double()) number = *d;
    else if (const auto* n = element.if_int64()) number = static_cast<double>(*n);
    else if (const auto* u = element.if_uint64()) number = static_cast<double>(*u);
    else return malformed_response(which() + ": element " + std::to_string(i) + " is not a number");
    // A double beyond float range becomes infinite here; NaN or infinity would poison every
    // similarity computed against this vector, so neither is stored.
    const auto single = static_cast<float>(number);
    if (!std::isfinite(single)) {
      return malformed_response(which() + ": element " + std::to_string(i) + " is not a finite float");
    }
    vector.push_back(single);
  }
  return vector;
}

}  // namespace vellum::embedding_http
