// JSON-RPC 2.0 as MCP uses it: one message per POST body or stdio line, ids that are strings or
// integers (never null), params that are objects. classify() takes one message and calls an array
// invalid: batches exist only in MCP 2025-03-26 (dropped again in 2025-06-18), and only the HTTP
// endpoint takes them, in a session that negotiated that version (HttpEndpoint::post_batch).
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace vellum::mcp {

using nlohmann::json;

namespace rpc {
inline constexpr int kParseError = -32700;
inline constexpr int kInvalidRequest = -32600;
inline constexpr int kMethodNotFound = -32601;
inline constexpr int kInvalidParams = -32602;
inline constexpr int kInternalError = -32603;
inline constexpr int kServerError = -32000;       // transport-level refusals (missing session, bad header)
inline constexpr int kResourceNotFound = -32002;  // MCP: resources/read of an unknown URI
}  // namespace rpc

enum class MessageKind { request, notification, response, invalid };

struct Message {
  MessageKind kind = MessageKind::invalid;
  json id;                  // request and response ids; null otherwise
  std::string method;       // requests and notifications
  json params = json::object();
  json result;              // responses: the result, or the error object when `is_error`
  bool is_error = false;
  std::string problem;      // why the message is invalid
};

// Sorts one parsed JSON value into a request, notification, response or invalid message.
[[nodiscard]] Message classify(const json& value);

[[nodiscard]] json make_result(const json& id, json result);
[[nodiscard]] json make_error(const json& id, int code, std::string_view message, const json& data = nullptr);
[[nodiscard]] json make_notification(std::string_view method, json params);
[[nodiscard]] json make_request(const json& id, std::string_view method, json params);

// A map key for an id that keeps 1 and "1" apart.
[[nodiscard]] std::string id_key(const json& id);

// Serialises without throwing on invalid UTF-8 (replaced with U+FFFD): a reply must always go out.
[[nodiscard]] std::string dump(const json& message);

}  // namespace vellum::mcp
