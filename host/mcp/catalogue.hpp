// What an MCP server offers: tools, resources (fixed ones, templates and their reader), prompts and
// argument completion. The production catalogue (vellum_catalogue.hpp) fills it from the article and
// search services; the conformance fixtures fill another one in the test tree only.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "mcp/jsonrpc.hpp"
#include "mcp/request_context.hpp"
#include "vellum/sdk/result.hpp"

namespace vellum::mcp {

// ---- tools ------------------------------------------------------------------------------------

struct ToolAnnotations {
  bool read_only = true;
  bool destructive = false;
  bool idempotent = true;
  bool open_world = false;  // false: the tool touches only this knowledge store
};

// A tool's answer: {"content": [...], "isError"?, "structuredContent"?}. Failures the model should
// see and can correct (bad arguments, not found, scope) are results with isError, not protocol errors.
struct ToolResult {
  json content = json::array();
  bool is_error = false;
  std::optional<json> structured;
};

using ToolHandler = std::function<ToolResult(const json& arguments, RequestContext& context)>;

struct Tool {
  std::string name;
  std::string title;
  std::string description;
  json input_schema = {{"type", "object"}, {"properties", json::object()}};
  std::optional<json> output_schema;
  ToolAnnotations annotations;
  bool requires_write = false;  // hidden from read-only callers, refused when they call it anyway
  ToolHandler handler;
};

// ---- resources --------------------------------------------------------------------------------

struct Resource {
  std::string uri;
  std::string name;
  std::string title;
  std::string description;
  std::string mime_type;
};

struct ResourceTemplate {
  std::string uri_template;  // RFC 6570 level 1, e.g. "vellum://articles/{slug}"
  std::string name;
  std::string title;
  std::string description;
  std::string mime_type;
};

// A resource reader answers the URIs it knows: nullopt = not mine (the next source is asked, and
// finally -32002 "Resource not found"); an error = mine but failed; a value = the `contents` array.
using ResourceReader = std::function<std::optional<sdk::Result<json>>(const std::string& uri, RequestContext&)>;
using ResourceLister = std::function<sdk::Result<std::vector<Resource>>(RequestContext&)>;

struct ResourceSource {
  ResourceLister list;  // may be empty: a source of templates only
  std::vector<ResourceTemplate> templates;
  ResourceReader read;
};

// ---- prompts ----------------------------------------------------------------------------------

struct PromptArgument {
  std::string name;
  std::string description;
  bool required = false;
};

struct Prompt {
  std::string name;
  std::string title;
  std::string description;
  std::vector<PromptArgument> arguments;
  // Returns the `messages` array; invalid_argument for missing or wrong arguments.
  std::function<sdk::Result<json>(const json& arguments, RequestContext&)> render;
};

// completion/complete: `ref` and `argument` as the client sent them → {"values": [...], ...}.
using Completer = std::function<sdk::Result<json>(const json& ref, const json& argument)>;

struct Catalogue {
  std::vector<Tool> tools;
  std::vector<ResourceSource> resources;
  std::vector<Prompt> prompts;
  std::optional<Completer> completer;
  bool resource_subscriptions = false;  // resources/subscribe and unsubscribe are offered

  [[nodiscard]] const Tool* find_tool(std::string_view name) const;
  [[nodiscard]] const Prompt* find_prompt(std::string_view name) const;
  [[nodiscard]] bool has_resources() const noexcept { return !resources.empty(); }
};

// ---- results ----------------------------------------------------------------------------------

[[nodiscard]] json text_content(std::string text);
// A result whose one text item is `value` as JSON indented by two spaces, as the reference server
// answered (agents read it as text; structuredContent is left to tools that declare an outputSchema).
[[nodiscard]] ToolResult json_result(const json& value);
// {"content":[{"type":"text","text":"{\"error\":\"<message>\"}"}],"isError":true}, as the reference.
[[nodiscard]] ToolResult error_result(std::string_view message);
[[nodiscard]] ToolResult error_result(const sdk::Error& error);
[[nodiscard]] json to_json(const ToolResult& result);
[[nodiscard]] json to_json(const Tool& tool);

}  // namespace vellum::mcp
