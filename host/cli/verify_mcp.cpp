#include "cli/verify_mcp.hpp"

#include "mcp/protocol.hpp"

namespace vellum::cli::verify {

namespace {

using nlohmann::json;

constexpr const char* kAccept = "application/json, text/event-stream";

// A JSON-RPC answer arrives as a JSON body or as one SSE event whose data line holds it.
json rpc_answer(const ServerAnswer& answer) {
  auto direct = json_of(answer);
  if (!direct.is_discarded()) return direct;
  std::size_t at = answer.body.find("data:");
  while (at != std::string::npos) {
    const auto end = answer.body.find('\n', at);
    auto parsed = json::parse(answer.body.substr(at + 5, end == std::string::npos ? end : end - at - 5), nullptr, false);
    if (parsed.is_object() && parsed.contains("id")) return parsed;
    at = answer.body.find("data:", end == std::string::npos ? answer.body.size() : end);
  }
  return json();
}

ServerRequest rpc(const json& message, const std::string& session_id) {
  ServerRequest request{"POST", "/mcp", message.dump(), {{"Content-Type", "application/json"}, {"Accept", kAccept}}, true};
  if (!session_id.empty()) {
    request.headers.emplace_back("MCP-Session-Id", session_id);
    request.headers.emplace_back("MCP-Protocol-Version", std::string(mcp::kLatestProtocolVersion));
  }
  return request;
}

Check failed(std::string evidence) { return {"mcp", Verdict::fail, std::move(evidence)}; }

}  // namespace

Check check_mcp(Session& session) {
  const json initialize = {
      {"jsonrpc", "2.0"},
      {"id", 1},
      {"method", "initialize"},
      {"params",
       {{"protocolVersion", std::string(mcp::kLatestProtocolVersion)},
        {"capabilities", json::object()},
        {"clientInfo", {{"name", "vellum-verify"}, {"version", VELLUM_VERSION}}}}}};
  auto opened = session.send(rpc(initialize, ""));
  if (!opened) return failed("initialize: no answer: " + opened.error().message);
  if (opened->status == 404) return failed("/mcp answers 404: MCP is not served (mcp.enabled)");
  const auto init = rpc_answer(*opened);
  if (opened->status != 200 || !init.contains("result")) return failed("initialize: " + describe(*opened));
  const auto header = opened->headers.find("mcp-session-id");
  if (header == opened->headers.end()) return failed("initialize: no MCP-Session-Id in the answer");
  const std::string id = header->second;
  const std::string server_name = init["result"].value("serverInfo", json::object()).value("name", "");

  auto notified = session.send(rpc({{"jsonrpc", "2.0"}, {"method", "notifications/initialized"}}, id));
  if (!notified) return failed("notifications/initialized: no answer: " + notified.error().message);
  if (notified->status != 202 && notified->status != 200) {
    return failed("notifications/initialized: " + describe(*notified));
  }
  auto listed = session.send(rpc({{"jsonrpc", "2.0"}, {"id", 2}, {"method", "tools/list"}}, id));
  ServerRequest close{"DELETE", "/mcp", {}, {{"MCP-Session-Id", id}}, true};
  (void)session.send(close);
  if (!listed) return failed("tools/list: no answer: " + listed.error().message);
  const auto tools = rpc_answer(*listed);
  if (listed->status != 200 || !tools.contains("result") || !tools["result"].value("tools", json()).is_array()) {
    return failed("tools/list: " + describe(*listed));
  }
  const auto count = tools["result"]["tools"].size();
  if (count == 0) return failed("tools/list answered no tools");
  return {"mcp", Verdict::pass, "initialize (" + server_name + ") and tools/list: " + std::to_string(count) + " tools"};
}

}  // namespace vellum::cli::verify
