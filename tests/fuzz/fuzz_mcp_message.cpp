// libFuzzer target: arbitrary bytes as one MCP message, over both transports, through the production
// catalogue (every article, version, search and status tool and the article resources) on the
// harness's SQLite file and local provider. Nothing may crash, hang or throw, and every answer must
// be JSON: a transport that cannot parse a message says so in a JSON-RPC error.
//
// The first byte chooses the transport: even = the body of POST /mcp on a session opened once by
// `initialize` (the admin's); odd = lines on `vellum mcp`'s standard input.
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "fuzz_harness.hpp"

namespace {

using namespace vellum;

http::Request mcp_post(std::string body) {
  http::Request request;
  request.method = "POST";
  request.target = request.path = "/mcp";
  request.segments = {"mcp"};
  request.remote_address = "127.0.0.1";
  request.headers.add("Host", "localhost");
  request.headers.add("Accept", "application/json, text/event-stream");
  request.headers.add("Content-Type", "application/json");
  request.headers.add("Authorization", std::string("Bearer ") + fuzz::kAdminToken);
  request.body = std::move(body);
  return request;
}

const std::string& session_id() {
  static const std::string id = [] {
    auto initialize = mcp_post(R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{)"
                               R"("protocolVersion":"2025-06-18","capabilities":{},)"
                               R"("clientInfo":{"name":"fuzz","version":"1"}}})");
    auto response = fuzz::router(fuzz::harness()).handle(initialize);
    auto id = response.headers.get("MCP-Session-Id");
    if (response.status != 200 || !id) std::abort();
    return std::string(*id);
  }();
  return id;
}

// Every line a transport writes is one JSON value.
void check_json_lines(const std::string& text) {
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("data: ", 0) == 0) line.erase(0, 6);
    else if (line.empty() || line[0] == ':' || line.rfind("event:", 0) == 0) continue;
    if (nlohmann::json::parse(line, nullptr, false).is_discarded()) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  auto& h = fuzz::harness();
  std::string message(reinterpret_cast<const char*>(data) + 1, size - 1);
  if ((data[0] & 1) != 0) {
    check_json_lines(fuzz::run_stdio(h, message));
    return 0;
  }
  auto request = mcp_post(std::move(message));
  request.headers.add("MCP-Session-Id", session_id());
  auto response = fuzz::router(h).handle(request);
  if (response.streaming()) {
    std::string body, chunk;
    while (response.producer(chunk)) body += std::exchange(chunk, {});
    check_json_lines(body + chunk);
  } else if (!response.body.empty()) {
    check_json_lines(response.body);
  }
  return 0;
}
