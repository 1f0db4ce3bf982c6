#include "mcp/catalogue.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

namespace vellum::mcp {

const Tool* Catalogue::find_tool(std::string_view name) const {
  auto it = std::find_if(tools.begin(), tools.end(), [&](const Tool& t) { return t.name == name; });
  return it == tools.end() ? nullptr : &*it;
}

const Prompt* Catalogue::find_prompt(std::string_view name) const {
  auto it = std::find_if(prompts.begin(), prompts.end(), [&](const Prompt& p) { return p.name == name; });
  return it == prompts.end() ? nullptr : &*it;
}

json text_content(std::string text) { return {{"type", "text"}, {"text", std::move(text)}}; }

ToolResult json_result(const json& value) {
  ToolResult result;
  result.content.push_back(text_content(value.dump(2, ' ', false, json::error_handler_t::replace)));
  return result;
}

ToolResult error_result(std::string_view message) {
  ToolResult result;
  result.is_error = true;
  result.content.push_back(text_content(json{{"error", message}}.dump(-1, ' ', false, json::error_handler_t::replace)));
  return result;
}

ToolResult error_result(const sdk::Error& error) {
  switch (error.kind) {
    case sdk::ErrorKind::invalid_argument:
    case sdk::ErrorKind::not_found:
    case sdk::ErrorKind::conflict:
    case sdk::ErrorKind::permission_denied:
    case sdk::ErrorKind::rate_limited:
    case sdk::ErrorKind::unavailable:
    case sdk::ErrorKind::transient:
    case sdk::ErrorKind::cancelled:
      return error_result(error.message);
    default:
      // Internal detail stays in the log; the model gets a message it can act on.
      spdlog::error("mcp: tool failed: {} ({})", error.message, sdk::to_string(error.kind));
      return error_result("Internal error");
  }
}

json to_json(const ToolResult& result) {
  json out = {{"content", result.content}};
  if (result.is_error) out["isError"] = true;
  if (result.structured) out["structuredContent"] = *result.structured;
  return out;
}

json to_json(const Tool& tool) {
  json out = {{"name", tool.name}, {"description", tool.description}, {"inputSchema", tool.input_schema}};
  if (!tool.title.empty()) out["title"] = tool.title;
  if (tool.output_schema) out["outputSchema"] = *tool.output_schema;
  json annotations = {{"readOnlyHint", tool.annotations.read_only},
                      {"destructiveHint", tool.annotations.destructive},
                      {"idempotentHint", tool.annotations.idempotent},
                      {"openWorldHint", tool.annotations.open_world}};
  if (!tool.title.empty()) annotations["title"] = tool.title;
  out["annotations"] = std::move(annotations);
  return out;
}

}  // namespace vellum::mcp
