// Small builders for the tools' input schemas, so each tool's declaration reads like its table row in
// api-spec §5.4.
#pragma once

#include <initializer_list>
#include <string>
#include <utility>

#include "mcp/jsonrpc.hpp"

namespace vellum::mcp::schema {

using Property = std::pair<std::string, json>;

[[nodiscard]] inline json string(std::string description) {
  return {{"type", "string"}, {"description", std::move(description)}};
}
[[nodiscard]] inline json number(std::string description) {
  return {{"type", "number"}, {"description", std::move(description)}};
}
[[nodiscard]] inline json strings(std::string description, std::size_t max_items) {
  return {{"type", "array"}, {"items", {{"type", "string"}}}, {"maxItems", max_items},
          {"description", std::move(description)}};
}
[[nodiscard]] inline json object(std::initializer_list<Property> properties,
                                 std::initializer_list<const char*> required = {}) {
  json props = json::object();
  for (const auto& [name, value] : properties) props[name] = value;
  json out = {{"type", "object"}, {"properties", std::move(props)}};
  if (required.size() > 0) {
    out["required"] = json::array();
    for (const char* name : required) out["required"].push_back(name);
  }
  return out;
}

inline constexpr const char* kFolderDescription =
    "Optional folder path. Omit for all folders. Use \"\" or \"/\" for root folder only.";

}  // namespace vellum::mcp::schema
