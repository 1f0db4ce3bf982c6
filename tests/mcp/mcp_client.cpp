#include "mcp_client.hpp"

#include <catch2/catch.hpp>
#include <sstream>

namespace vellum::test {

std::vector<json> sse_messages(const std::string& body) {
  std::vector<json> out;
  std::istringstream in(body);
  std::string line, data;
  auto flush = [&] {
    if (!data.empty()) out.push_back(json::parse(data));
    data.clear();
  };
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) {
      flush();
    } else if (line.rfind("data:", 0) == 0) {
      data += line.substr(line.size() > 5 && line[5] == ' ' ? 6 : 5);
    }
  }
  flush();
  return out;
}

McpClient::McpClient(std::uint16_t port, std::string token) : http_(port), token_(std::move(token)) {}

Fields McpClient::headers() const {
  Fields fields = {{"Content-Type", "application/json"},
                   {"Accept", "application/json, text/event-stream"},
                   {"MCP-Protocol-Version", "2025-11-25"}};
  if (!token_.empty()) fields.emplace_back("Authorization", "Bearer " + token_);
  if (!session_.empty()) fields.emplace_back("MCP-Session-Id", session_);
  return fields;
}

McpReply McpClient::post_raw(const std::string& body, const Fields& extra) {
  Fields fields;
  for (const auto& [name, value] : headers()) {
    bool overridden = false;
    for (const auto& e : extra) overridden = overridden || http::iequals(e.first, name);
    if (!overridden) fields.emplace_back(name, value);
  }
  for (const auto& e : extra) {
    if (!e.second.empty()) fields.push_back(e);  // an empty value removes the header
  }
  auto res = http_.request("POST", "/mcp", body, {fields, false, std::chrono::seconds(20)});
  McpReply reply;
  reply.status = res.status;
  reply.content_type = res.header("content-type");
  reply.session_id = res.header("mcp-session-id");
  reply.body = res.body;
  reply.retry_after = res.header("retry-after");
  if (reply.content_type.find("text/event-stream") != std::string::npos) {
    reply.messages = sse_messages(res.body);
  } else if (!res.body.empty()) {
    auto parsed = json::parse(res.body, nullptr, false);
    if (!parsed.is_discarded()) reply.messages.push_back(parsed);
  }
  return reply;
}

McpReply McpClient::initialize(const std::string& version, const json& capabilities) {
  session_.clear();
  auto reply = post({{"jsonrpc", "2.0"},
                     {"id", next_id_++},
                     {"method", "initialize"},
                     {"params",
                      {{"protocolVersion", version},
                       {"capabilities", capabilities},
                       {"clientInfo", {{"name", "vellum-tests"}, {"version", "1"}}}}}});
  if (reply.status == 200 && !reply.session_id.empty()) {
    session_ = reply.session_id;
    notify("notifications/initialized");
  }
  return reply;
}

McpReply McpClient::request(const std::string& method, const json& params, const Fields& extra) {
  return post({{"jsonrpc", "2.0"}, {"id", next_id_++}, {"method", method}, {"params", params}}, extra);
}

json McpClient::call(const std::string& method, const json& params) {
  auto reply = request(method, params);
  INFO(reply.body);
  REQUIRE(reply.status == 200);
  REQUIRE(!reply.messages.empty());
  return reply.last();
}

json McpClient::tool(const std::string& name, const json& arguments) {
  auto response = call("tools/call", {{"name", name}, {"arguments", arguments}});
  INFO(response.dump());
  REQUIRE(response.contains("result"));
  return response["result"];
}

json McpClient::tool_json(const std::string& name, const json& arguments) {
  auto result = tool(name, arguments);
  INFO(result.dump());
  REQUIRE(result["content"].size() >= 1);
  return json::parse(result["content"][0]["text"].get<std::string>());
}

void McpClient::notify(const std::string& method, const json& params) {
  auto reply = post({{"jsonrpc", "2.0"}, {"method", method}, {"params", params}});
  REQUIRE(reply.status == 202);
}

HttpResult McpClient::end_session() {
  Fields fields;
  if (!token_.empty()) fields.emplace_back("Authorization", "Bearer " + token_);
  if (!session_.empty()) fields.emplace_back("MCP-Session-Id", session_);
  return http_.request("DELETE", "/mcp", {}, {fields, false, std::chrono::seconds(10)});
}

}  // namespace vellum::test
