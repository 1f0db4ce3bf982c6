// The vectors the fake providers return: deterministic, unit length, a function of the text alone,
// so a test can compute what it expects (and check order) without a model.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "vellum/sdk/types.hpp"

namespace vellum::test {

[[nodiscard]] sdk::Vector fake_embedding(std::string_view text, std::size_t dimensions);

// Little-endian float32 bytes in base64: OpenAI's encoding_format "base64".
[[nodiscard]] std::string to_base64_floats(const sdk::Vector& vector);

}  // namespace vellum::test
