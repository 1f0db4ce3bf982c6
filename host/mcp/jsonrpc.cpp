#include "mcp/jsonrpc.hpp"

namespace vellum::mcp {

namespace {

bool valid_id(const json& id) { return id.is_string() || id.is_number_integer() || id.is_number_unsigned(); }

Message invalid(std::string problem, json id = nullptr) {
  Message m;
  m.problem = std::move(problem);
  // An id is echoed only when it is itself well-formed; otherwise the error goes out with null.
  if (valid_id(id)) m.id = std::move(id);
  return m;
}

}  // namespace

Message classify(const json& value) {
  if (value.is_array()) return invalid("Batch requests are not supported");
  if (!value.is_object()) return invalid("A JSON-RPC message must be an object");
  const json id = value.contains("id") ? value["id"] : json();
  if (value.value("jsonrpc", json()) != "2.0") return invalid("jsonrpc must be \"2.0\"", id);

  const bool has_method = value.contains("method");
  const bool has_result = value.contains("result");
  const bool has_error = value.contains("error");
  if (has_method) {
    if (has_result || has_error) return invalid("A message cannot carry both a method and a result", id);
    if (!value["method"].is_string() || value["method"].get_ref<const std::string&>().empty())
      return invalid("method must be a non-empty string", id);
    Message m;
    m.method = value["method"].get<std::string>();
    if (value.contains("params")) {
      if (!value["params"].is_object()) return invalid("params must be an object", id);
      m.params = value["params"];
    }
    if (!value.contains("id")) {
      m.kind = MessageKind::notification;
      return m;
    }
    if (!valid_id(id)) return invalid("id must be a string or an integer");
    m.kind = MessageKind::request;
    m.id = id;
    return m;
  }
  if (has_result == has_error) return invalid("A message needs a method, a result or an error", id);
  if (!valid_id(id)) return invalid("A response needs the id of its request");
  Message m;
  m.kind = MessageKind::response;
  m.id = id;
  m.is_error = has_error;
  m.result = has_error ? value["error"] : value["result"];
  return m;
}

json make_result(const json& id, json result) { return {{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}}; }

json make_error(const json& id, int code, std::string_view message, const json& data) {
  json error = {{"code", code}, {"message", message}};
  if (!data.is_null()) error["data"] = data;
  return {{"jsonrpc", "2.0"}, {"id", id}, {"error", std::move(error)}};
}

json make_notification(std::string_view method, json params) {
  return {{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}};
}

json make_request(const json& id, std::string_view method, json params) {
  return {{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", std::move(params)}};
}

std::string id_key(const json& id) { return (id.is_string() ? "s:" : "n:") + id.dump(); }

std::string dump(const json& message) { return message.dump(-1, ' ', false, json::error_handler_t::replace); }

}  // namespace vellum::mcp
