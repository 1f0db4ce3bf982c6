// Reading JSON request bodies without trusting them: invalid JSON (including invalid UTF-8), a body
// that is not an object, or a field of the wrong type is an invalid_argument error naming the field.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "vellum/sdk/result.hpp"

namespace vellum::api {

// An empty body reads as {} when `empty_is_object`, else it is an error.
[[nodiscard]] sdk::Result<nlohmann::json> parse_object(std::string_view body, bool empty_is_object = false);

// Absent or null → nullopt; present with another type → "<field> must be a string" (or `message`).
[[nodiscard]] sdk::Result<std::optional<std::string>> string_field(const nlohmann::json& object, const char* field);
[[nodiscard]] sdk::Result<std::optional<bool>> bool_field(const nlohmann::json& object, const char* field);

}  // namespace vellum::api
