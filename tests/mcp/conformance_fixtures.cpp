#include "conformance_fixtures.hpp"

#include <thread>

namespace vellum::test {

namespace {

using mcp::json;
using mcp::RequestContext;
using mcp::ToolResult;

// A 1x1 red PNG and a 1 ms, 8 kHz, 8-bit mono WAV: the smallest valid media.
constexpr const char* kPng =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";
constexpr const char* kWav = "UklGRiwAAABXQVZFZm10IBAAAAABAAEAQB8AAEAfAAABAAgAZGF0YQgAAACAgICAgICAgA==";

constexpr mcp::ToolAnnotations kPure{.read_only = true, .destructive = false, .idempotent = true};
const json kNoArguments = {{"type", "object"}, {"properties", json::object()}};

mcp::Tool fixed(const char* name, const char* description, json content) {
  return {name, "", description, kNoArguments, std::nullopt, kPure, false,
          [content](const json&, RequestContext&) { return ToolResult{content, false, std::nullopt}; }};
}

ToolResult text(std::string value) { return ToolResult{json::array({mcp::text_content(std::move(value))}), false, {}}; }

json image() { return {{"type", "image"}, {"data", kPng}, {"mimeType", "image/png"}}; }

json elicitation_schema_defaults() {
  return {{"type", "object"},
          {"properties",
           {{"name", {{"type", "string"}, {"default", "John Doe"}}},
            {"age", {{"type", "integer"}, {"default", 30}}},
            {"score", {{"type", "number"}, {"default", 95.5}}},
            {"status", {{"type", "string"}, {"enum", {"active", "inactive", "pending"}}, {"default", "active"}}},
            {"verified", {{"type", "boolean"}, {"default", true}}}}}};
}

json titled(std::initializer_list<std::pair<const char*, const char*>> options) {
  json out = json::array();
  for (const auto& [value, title] : options) out.push_back({{"const", value}, {"title", title}});
  return out;
}

json elicitation_schema_enums() {
  json properties = json::object();
  properties["untitledSingle"] = {{"type", "string"}, {"enum", {"option1", "option2", "option3"}}};
  properties["titledSingle"] = {
      {"type", "string"},
      {"oneOf", titled({{"value1", "First Option"}, {"value2", "Second Option"}, {"value3", "Third Option"}})}};
  properties["legacyEnum"] = {{"type", "string"},
                              {"enum", {"opt1", "opt2", "opt3"}},
                              {"enumNames", {"Option One", "Option Two", "Option Three"}}};
  properties["untitledMulti"] = {{"type", "array"},
                                 {"items", {{"type", "string"}, {"enum", {"option1", "option2", "option3"}}}}};
  properties["titledMulti"] = {
      {"type", "array"},
      {"items",
       {{"anyOf", titled({{"value1", "First Choice"}, {"value2", "Second Choice"}, {"value3", "Third Choice"}})}}}};
  return {{"type", "object"}, {"properties", std::move(properties)}};
}

mcp::Tool elicit(const char* name, const char* description, json input, std::function<json(const json&)> params) {
  return {name, "", description, std::move(input), std::nullopt, kPure, false,
          [params](const json& args, RequestContext& context) -> ToolResult {
            auto reply = context.ask_client("elicitation/create", params(args), "elicitation");
            if (!reply) return mcp::error_result(reply.error().message);
            return text("Elicitation completed: action=" + reply->value("action", "") +
                        ", content=" + reply->value("content", json::object()).dump());
          }};
}

void add_tools(mcp::Catalogue& c) {
  c.tools.push_back(fixed("test_simple_text", "Returns simple text",
                          json::array({mcp::text_content("This is a simple text response for testing.")})));
  c.tools.push_back(fixed("test_image_content", "Returns an image", json::array({image()})));
  c.tools.push_back(fixed("test_audio_content", "Returns audio",
                          json::array({{{"type", "audio"}, {"data", kWav}, {"mimeType", "audio/wav"}}})));
  const json embedded = {{"type", "resource"},
                         {"resource",
                          {{"uri", "test://embedded-resource"},
                           {"mimeType", "text/plain"},
                           {"text", "This is an embedded resource content."}}}};
  c.tools.push_back(fixed("test_embedded_resource", "Returns an embedded resource", json::array({embedded})));
  c.tools.push_back(fixed("test_multiple_content_types", "Returns text, an image and a resource",
                          json::array({mcp::text_content("Multiple content types test:"), image(),
                                       {{"type", "resource"},
                                        {"resource",
                                         {{"uri", "test://mixed-content-resource"},
                                          {"mimeType", "application/json"},
                                          {"text", R"({"test":"data","value":123})"}}}}})));
  c.tools.push_back({"test_tool_with_logging", "", "Logs three messages while it runs", kNoArguments, std::nullopt,
                     kPure, false, [](const json&, RequestContext& context) {
                       context.log(mcp::LogLevel::info, "Tool execution started");
                       std::this_thread::sleep_for(std::chrono::milliseconds(50));
                       context.log(mcp::LogLevel::info, "Tool processing data");
                       std::this_thread::sleep_for(std::chrono::milliseconds(50));
                       context.log(mcp::LogLevel::info, "Tool execution completed");
                       return text("Tool with logging executed successfully");
                     }});
  c.tools.push_back({"test_tool_with_progress", "", "Reports progress 0, 50, 100 of 100", kNoArguments, std::nullopt,
                     kPure, false, [](const json&, RequestContext& context) {
                       for (double step : {0.0, 50.0, 100.0}) {
                         context.progress(step, 100.0);
                         if (step < 100) std::this_thread::sleep_for(std::chrono::milliseconds(50));
                       }
                       return text("Tool with progress executed successfully");
                     }});
  c.tools.push_back({"test_error_handling", "", "Always fails", kNoArguments, std::nullopt, kPure, false,
                     [](const json&, RequestContext&) {
                       ToolResult result = text("This tool intentionally returns an error for testing");
                       result.is_error = true;
                       return result;
                     }});
  c.tools.push_back({"test_sampling", "", "Asks the client's LLM to answer a prompt",
                     {{"type", "object"},
                      {"properties", {{"prompt", {{"type", "string"}, {"description", "The prompt to send"}}}}},
                      {"required", {"prompt"}}},
                     std::nullopt, kPure, false, [](const json& args, RequestContext& context) -> ToolResult {
                       const json params = {
                           {"messages",
                            {{{"role", "user"},
                              {"content", {{"type", "text"}, {"text", args.value("prompt", "")}}}}}},
                           {"maxTokens", 100}};
                       auto reply = context.ask_client("sampling/createMessage", params, "sampling");
                       if (!reply) return mcp::error_result(reply.error().message);
                       const auto content = reply->value("content", json::object());
                       return text("LLM response: " + content.value("text", content.dump()));
                     }});
  c.tools.push_back(elicit("test_elicitation", "Asks the user for their name and email",
                           {{"type", "object"},
                            {"properties", {{"message", {{"type", "string"}, {"description", "Shown to the user"}}}}},
                            {"required", {"message"}}},
                           [](const json& args) {
                             return json{{"message", args.value("message", "")},
                                         {"requestedSchema",
                                          {{"type", "object"},
                                           {"properties",
                                            {{"username", {{"type", "string"}, {"description", "User's response"}}},
                                             {"email", {{"type", "string"}, {"description", "User's email address"}}}}},
                                           {"required", {"username", "email"}}}}};
                           }));
  c.tools.push_back(elicit("test_elicitation_sep1034_defaults", "Elicitation with defaults", kNoArguments,
                           [](const json&) {
                             return json{{"message", "Please review the defaults"},
                                         {"requestedSchema", elicitation_schema_defaults()}};
                           }));
  c.tools.push_back(elicit("test_elicitation_sep1330_enums", "Elicitation with every enum form", kNoArguments,
                           [](const json&) {
                             return json{{"message", "Please choose"}, {"requestedSchema", elicitation_schema_enums()}};
                           }));
  c.tools.push_back({"json_schema_2020_12_tool", "", "Tool with JSON Schema 2020-12 features",
                     {{"$schema", "https://json-schema.org/draft/2020-12/schema"},
                      {"type", "object"},
                      {"$defs",
                       {{"address",
                         {{"type", "object"},
                          {"properties", {{"street", {{"type", "string"}}}, {"city", {{"type", "string"}}}}}}}}},
                      {"properties", {{"name", {{"type", "string"}}}, {"address", {{"$ref", "#/$defs/address"}}}}},
                      {"additionalProperties", false}},
                     std::nullopt, kPure, false,
                     [](const json& args, RequestContext&) { return text("Received: " + args.dump()); }});
}

void add_resources(mcp::Catalogue& c) {
  mcp::ResourceSource source;
  source.templates.push_back({"test://template/{id}/data", "template", "", "A resource per id", "application/json"});
  source.list = [](RequestContext&) -> sdk::Result<std::vector<mcp::Resource>> {
    return std::vector<mcp::Resource>{
        {"test://static-text", "static-text", "", "A static text resource", "text/plain"},
        {"test://static-binary", "static-binary", "", "A static binary resource", "image/png"},
        {"test://watched-resource", "watched-resource", "", "A resource to subscribe to", "text/plain"}};
  };
  source.read = [](const std::string& uri, RequestContext&) -> std::optional<sdk::Result<json>> {
    auto one = [&uri](json fields) {
      fields["uri"] = uri;
      return std::optional<sdk::Result<json>>(json::array({std::move(fields)}));
    };
    if (uri == "test://static-text") {
      return one({{"mimeType", "text/plain"}, {"text", "This is the content of the static text resource."}});
    }
    if (uri == "test://static-binary") return one({{"mimeType", "image/png"}, {"blob", kPng}});
    if (uri == "test://watched-resource") return one({{"mimeType", "text/plain"}, {"text", "Watched resource content"}});
    const std::string prefix = "test://template/", suffix = "/data";
    if (uri.rfind(prefix, 0) == 0 && uri.size() > prefix.size() + suffix.size() &&
        uri.compare(uri.size() - suffix.size(), suffix.size(), suffix) == 0) {
      const std::string id = uri.substr(prefix.size(), uri.size() - prefix.size() - suffix.size());
      return one({{"mimeType", "application/json"},
                  {"text", json{{"id", id}, {"templateTest", true}, {"data", "Data for ID: " + id}}.dump()}});
    }
    return std::nullopt;
  };
  c.resources.push_back(std::move(source));
  c.resource_subscriptions = true;
}

void add_prompts(mcp::Catalogue& c) {
  auto user = [](json content) { return json{{"role", "user"}, {"content", std::move(content)}}; };
  c.prompts.push_back({"test_simple_prompt", "", "A simple prompt without arguments", {},
                       [user](const json&, RequestContext&) -> sdk::Result<json> {
                         return json::array({user(mcp::text_content("This is a simple prompt for testing."))});
                       }});
  c.prompts.push_back({"test_prompt_with_arguments", "", "A prompt with arguments",
                       {{"arg1", "First test argument", true}, {"arg2", "Second test argument", true}},
                       [user](const json& args, RequestContext&) -> sdk::Result<json> {
                         return json::array({user(mcp::text_content(
                             "Prompt with arguments: arg1='" + args.value("arg1", "") + "', arg2='" +
                             args.value("arg2", "") + "'"))});
                       }});
  c.prompts.push_back({"test_prompt_with_embedded_resource", "", "A prompt with an embedded resource",
                       {{"resourceUri", "URI of the resource to embed", true}},
                       [user](const json& args, RequestContext&) -> sdk::Result<json> {
                         const std::string uri = args.value("resourceUri", "");
                         return json::array(
                             {user({{"type", "resource"},
                                    {"resource",
                                     {{"uri", uri}, {"mimeType", "text/plain"}, {"text", "Embedded resource content for testing."}}}}),
                              user(mcp::text_content("Please process the embedded resource above."))});
                       }});
  c.prompts.push_back({"test_prompt_with_image", "", "A prompt with an image", {},
                       [user](const json&, RequestContext&) -> sdk::Result<json> {
                         return json::array({user(image()), user(mcp::text_content("Please analyze the image above."))});
                       }});
}

}  // namespace

void add_conformance_fixtures(mcp::Catalogue& catalogue) {
  add_tools(catalogue);
  add_resources(catalogue);
  add_prompts(catalogue);
  catalogue.completer = [](const json&, const json& argument) -> sdk::Result<json> {
    const std::string prefix = argument.value("value", "");
    json values = json::array();
    for (const char* candidate : {"paris", "park", "party"}) {
      if (std::string_view(candidate).rfind(prefix, 0) == 0) values.push_back(candidate);
    }
    return json{{"values", values}, {"total", values.size()}, {"hasMore", false}};
  };
}

}  // namespace vellum::test
