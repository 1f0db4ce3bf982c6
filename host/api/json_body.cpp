#include "api/json_body.hpp"

namespace vellum::api {

namespace {
// Deeper nesting than any request needs; nlohmann parses recursively, so bound the stack it may use.
constexpr int kMaxDepth = 64;
}  // namespace

sdk::Result<nlohmann::json> parse_object(std::string_view body, bool empty_is_object) {
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    if (empty_is_object) return nlohmann::json::object();
    return sdk::Error(sdk::ErrorKind::invalid_argument, "Request body is required (a JSON object)");
  }
  int depth = 0;
  bool too_deep = false;
  auto callback = [&](int level, nlohmann::json::parse_event_t event, nlohmann::json&) {
    if (event == nlohmann::json::parse_event_t::object_start || event == nlohmann::json::parse_event_t::array_start)
      depth = level + 1;
    if (depth > kMaxDepth) too_deep = true;
    return !too_deep;
  };
  nlohmann::json value;
  try {
    value = nlohmann::json::parse(body, callback, /*allow_exceptions=*/true);
  } catch (const nlohmann::json::parse_error& e) {
    std::string reason = e.what();
    if (auto at = reason.find("]: "); at != std::string::npos) reason = reason.substr(at + 3);
    return sdk::Error(sdk::ErrorKind::invalid_argument, "Invalid JSON body: " + reason);
  }
  if (too_deep) return sdk::Error(sdk::ErrorKind::invalid_argument, "Invalid JSON body: nested too deeply");
  if (!value.is_object()) return sdk::Error(sdk::ErrorKind::invalid_argument, "Request body must be a JSON object");
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
