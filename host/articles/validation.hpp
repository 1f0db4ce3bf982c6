// The rules an article's fields must follow (api-spec §1.9). Every failure is an invalid_argument
// error whose message is the user-facing text the REST API returns, naming the field.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "vellum/sdk/result.hpp"

namespace vellum::articles {

inline constexpr std::size_t kMaxTitleLength = 500;  // characters
inline constexpr std::size_t kMaxSlugLength = 255;
inline constexpr std::size_t kMaxContentBytes = 10 * 1024 * 1024;
inline constexpr std::size_t kMaxFolderLength = 500;
inline constexpr std::size_t kMaxFolderSegment = 100;
inline constexpr std::size_t kMaxFolderDepth = 10;
inline constexpr std::size_t kMaxMessageLength = 1000;

[[nodiscard]] sdk::Status validate_title(std::string_view title);
[[nodiscard]] sdk::Status validate_content(std::string_view content);
[[nodiscard]] sdk::Status validate_message(std::string_view message);
// "" and "/" are the root (""); anything else must be a clean relative path "a/b" of safe names.
// Returns the normalised folder.
[[nodiscard]] sdk::Result<std::string> normalize_folder(std::string_view folder);

// True when `text` is well-formed UTF-8 (no overlongs, no surrogates, nothing past U+10FFFF).
[[nodiscard]] bool is_valid_utf8(std::string_view text) noexcept;
// Number of code points in valid UTF-8.
[[nodiscard]] std::size_t utf8_length(std::string_view text) noexcept;
// `text` without leading and trailing ASCII whitespace.
[[nodiscard]] std::string_view trim(std::string_view text) noexcept;

}  // namespace vellum::articles
