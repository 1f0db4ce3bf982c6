// Hashes and secrets: SHA-256 for content and token hashes, the OS CSPRNG for tokens and ids.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace vellum {

[[nodiscard]] std::string sha256_hex(std::string_view data);
// `bytes` of cryptographically secure randomness, lowercase hex (2 characters per byte).
[[nodiscard]] std::string random_hex(std::size_t bytes);
// A random (version 4) UUID, lowercase.
[[nodiscard]] std::string uuid_v4();
// Compares secrets in time independent of where they differ.
[[nodiscard]] bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace vellum
