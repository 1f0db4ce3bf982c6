// Small readers for path and query parameters shared by the route files.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "http/request.hpp"
#include "vellum/sdk/result.hpp"

namespace vellum::api {

// The article slug named by a ":filename" parameter ("my-article.md" or "my-article").
[[nodiscard]] std::string slug_param(const http::Request& request);
// "v3" or "3" → 3; nullopt for anything else.
[[nodiscard]] std::optional<std::int64_t> version_number(std::string_view text);
// A non-negative integer query parameter no larger than `max`; nullopt when absent.
[[nodiscard]] sdk::Result<std::optional<std::int64_t>> integer_query(const http::Request& request, const char* name,
                                                                     std::int64_t min, std::int64_t max);
// A boolean query parameter ("true"/"false", "1"/"0"); false when absent.
[[nodiscard]] sdk::Result<bool> boolean_query(const http::Request& request, const char* name);

}  // namespace vellum::api
