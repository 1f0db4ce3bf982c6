#include "api/json_body.hpp"

#include "common/bounded_json.hpp"

namespace vellum::api {

sdk::Result<nlohmann::json> parse_object(std::string_view body, bool empty_is_object) {
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    if (empty_is_object) return nlohmann::json::object();
    return sdk::Error(sdk::ErrorKind::invalid_argument, "Request body is required (a JSON object)");
  }
  auto value = parse_bounded_json(body, kRequestJsonLimits);
  if (!value) return sdk::Error(sdk::ErrorKind::invalid_argument, "Invalid JSON body: " + value.error().message);
  if (!value->is_object()) return sdk::Error(sdk::ErrorKind::invalid_argument, "Request body must be a JSON object");
  return value;
}

sdk::Result<std::optional<std::string>> string_field(const nlohmann::json& object, const char* field) {
  auto it = object.find(field);
  if (it == object.end() || it->is_null()) return std::optional<std::string>();
  if (!it->is_string()) return sdk::Error(sdk::ErrorKind::invalid_argument, std::string(field) + " must be a string");
  return std::optional<std::string>(it->get<std::string>());
}

sdk::Result<std::optional<bool>> bool_field(const nlohmann::json& object, const char* field) {
  auto it = object.find(field);
  if (it == object.end()) return std::optional<bool>();
  if (!it->is_boolean()) return sdk::Error(sdk::ErrorKind::invalid_argument, std::string(field) + " must be a boolean");
  return std::optional<bool>(it->get<bool>());
}

}  // namespace vellum::api
