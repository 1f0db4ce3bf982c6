// Checks what a provider sent back before anyone stores it: a JSON object holding the right number
// of vectors, each an array of finite numbers of the configured size.
//
// Replies are parsed with Boost.JSON, not nlohmann-json: a batch of 10 inputs at 768 dimensions is
// 7,680 numbers (160 KB when the server prints 17 digits, as OpenAI does), and Boost.JSON reads it
// about ten times faster — the difference is on every embedding call the queue makes.
#pragma once

#include <cstddef>
#include <string_view>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "vellum/sdk/result.hpp"
#include "vellum/sdk/types.hpp"

namespace vellum::embedding_http {

// The body as a JSON object. Not JSON, or JSON but not an object → permanent (malformed response).
[[nodiscard]] sdk::Result<boost::json::object> parse_reply_object(std::string_view body);

// The embedding for input `index` of the call. Not an array, or an element that is not a number →
// permanent (malformed response); an element that is not finite as a float → permanent; the wrong
// length → bad_dimension naming expected and got.
[[nodiscard]] sdk::Result<sdk::Vector> parse_vector(const boost::json::value& value, std::size_t expected_dimensions,
                                                    std::size_t index);

// bad_dimension: "expected N vectors (one per input), got M".
[[nodiscard]] sdk::Error vector_count_mismatch(std::size_t expected, std::size_t got);

// permanent: "malformed response: <what>".
[[nodiscard]] sdk::Error malformed_response(std::string_view what);

}  // namespace vellum::embedding_http
