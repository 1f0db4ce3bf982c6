// Checks what a provider sent back before anyone stores it: the right number of vectors, each an
// array of finite numbers of the configured size.
#pragma once

#include <cstddef>

#include <nlohmann/json.hpp>

#include "vellum/sdk/result.hpp"
#include "vellum/sdk/types.hpp"

namespace vellum::embedding_http {

// The embedding for input `index` of the call. Not an array, or an element that is not a number →
// permanent (malformed response); an element that is not finite as a float → permanent; the wrong
// length → bad_dimension naming expected and got.
[[nodiscard]] sdk::Result<sdk::Vector> parse_vector(const nlohmann::json& value, std::size_t expected_dimensions,
                                                    std::size_t index);

// bad_dimension: "expected N vectors (one per input), got M".
[[nodiscard]] sdk::Error vector_count_mismatch(std::size_t expected, std::size_t got);

// permanent: "malformed response: <what>".
[[nodiscard]] sdk::Error malformed_response(std::string_view what);

}  // namespace vellum::embedding_http
