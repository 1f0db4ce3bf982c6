// A small Streamable HTTP client for tests: POSTs JSON-RPC with the headers a conformant client sends
// and reads the answer whether it came as application/json or as server-sent events.
//
//   McpClient client(server.port(), server.admin_token());
//   REQUIRE(client.initialize().status == 200);
//   auto tools = client.call("tools/list");                 // the JSON-RPC response message
//   auto created = client.tool("createArticle", {{"title","A"},{"content","# A"}});  // the tool result
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/http_client.hpp"

namespace vellum::test {

using nlohmann::json;

struct McpReply {
  long status = 0;
  std::string content_type;
  std::string session_id;
  std::vector<json> messages;  // every JSON-RPC message in the body, in order
  std::string body;
  std::string retry_after;  // the Retry-After header, if any
  // The last message (the response, after any notifications), or null.
  [[nodiscard]] json last() const { return messages.empty() ? json() : messages.back(); }
};

// Splits a text/event-stream body into the JSON of its `data:` fields.
[[nodiscard]] std::vector<json> sse_messages(const std::string& body);

class McpClient {
 public:
  McpClient(std::uint16_t port, std::string token);

  McpReply initialize(const std::string& version = "2025-11-25", const json& capabilities = json::object());
  // POSTs `body` verbatim with the session's headers (plus/overriding `extra`).
  McpReply post_raw(const std::string& body, const Fields& extra = {});
  McpReply post(const json& message, const Fields& extra = {}) { return post_raw(message.dump(), extra); }
  // A request with a fresh id; returns the reply (response last).
  McpReply request(const std::string& method, const json& params = json::object(), const Fields& extra = {});
  // The response message of a request (REQUIREs a reply).
  json call(const std::string& method, const json& params = json::object());
  // tools/call → the tool result object ({"content":[...],"isError"?}).
  json tool(const std::string& name, const json& arguments = json::object());
  // The tool result's first text parsed as JSON.
  json tool_json(const std::string& name, const json& arguments = json::object());
  void notify(const std::string& method, const json& params = json::object());
  HttpResult end_session();

  [[nodiscard]] const std::string& session_id() const noexcept { return session_; }
  void set_session_id(std::string id) { session_ = std::move(id); }
  [[nodiscard]] HttpClient& http() noexcept { return http_; }
  [[nodiscard]] Fields headers() const;

 private:
  HttpClient http_;
  std::string token_;
  std::string session_;
  int next_id_ = 1;
};

}  // namespace vellum::test
