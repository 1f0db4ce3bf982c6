// JSON-RPC classification, version negotiation, list cursors and the Host/Origin allow-list.
#include <catch2/catch.hpp>

#include "http/request.hpp"
#include "mcp/jsonrpc.hpp"
#include "mcp/origin_policy.hpp"
#include "mcp/pagination.hpp"
#include "mcp/protocol.hpp"

using namespace vellum;
using mcp::json;
using mcp::MessageKind;

TEST_CASE("messages are sorted into requests, notifications, responses and invalid ones") {
  CHECK(mcp::classify(json::parse(R"({"jsonrpc":"2.0","id":1,"method":"ping"})")).kind == MessageKind::request);
  CHECK(mcp::classify(json::parse(R"({"jsonrpc":"2.0","id":"a","method":"ping","params":{}})")).kind ==
        MessageKind::request);
  CHECK(mcp::classify(json::parse(R"({"jsonrpc":"2.0","method":"notifications/initialized"})")).kind ==
        MessageKind::notification);
  auto response = mcp::classify(json::parse(R"({"jsonrpc":"2.0","id":"x","result":{"ok":true}})"));
  CHECK(response.kind == MessageKind::response);
  CHECK_FALSE(response.is_error);
  CHECK(mcp::classify(json::parse(R"({"jsonrpc":"2.0","id":"x","error":{"code":1,"message":"no"}})")).is_error);
}

TEST_CASE("malformed messages are invalid, with the reason and the id when it is usable") {
  struct Case {
    const char* text;
    const char* problem;
  };
  for (const auto& c : {Case{R"([{"jsonrpc":"2.0","id":1,"method":"ping"}])", "Batch"},
                        Case{R"("ping")", "object"},
                        Case{R"({"id":1,"method":"ping"})", "jsonrpc"},
                        Case{R"({"jsonrpc":"1.0","id":1,"method":"ping"})", "jsonrpc"},
                        Case{R"({"jsonrpc":"2.0","id":1,"method":42})", "method"},
                        Case{R"({"jsonrpc":"2.0","id":1,"method":""})", "method"},
                        Case{R"({"jsonrpc":"2.0","id":null,"method":"ping"})", "id"},
                        Case{R"({"jsonrpc":"2.0","id":1.5,"method":"ping"})", "id"},
                        Case{R"({"jsonrpc":"2.0","id":{},"method":"ping"})", "id"},
                        Case{R"({"jsonrpc":"2.0","id":1,"method":"ping","params":[1]})", "params"},
                        Case{R"({"jsonrpc":"2.0","id":1,"method":"ping","result":{}})", "both"},
                        Case{R"({"jsonrpc":"2.0","id":1})", "needs"}}) {
    INFO(c.text);
    auto m = mcp::classify(json::parse(c.text));
    CHECK(m.kind == MessageKind::invalid);
    CHECK(m.problem.find(c.problem) != std::string::npos);
  }
  CHECK(mcp::classify(json::parse(R"({"jsonrpc":"2.0","id":7,"method":5})")).id == 7);
}

TEST_CASE("error replies carry code, message and id, and ids 1 and \"1\" stay apart") {
  auto e = mcp::make_error(3, mcp::rpc::kMethodNotFound, "Method not found: x");
  CHECK(e["error"]["code"] == -32601);
  CHECK(e["id"] == 3);
  CHECK(mcp::id_key(json(1)) != mcp::id_key(json("1")));
  CHECK(mcp::dump(json("\xff")).find("\xEF\xBF\xBD") != std::string::npos);
}

TEST_CASE("a supported protocol version is echoed, any other gets the latest") {
  for (const char* v : {"2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"}) {
    CHECK(mcp::negotiate_protocol_version(v) == v);
  }
  CHECK(mcp::negotiate_protocol_version("1999-01-01") == "2025-11-25");
  CHECK_FALSE(mcp::is_supported_protocol_version("2026-13-01"));
  CHECK(mcp::parse_log_level("warning") == mcp::LogLevel::warning);
  CHECK_FALSE(mcp::parse_log_level("verbose"));
}

TEST_CASE("list cursors are our own opaque offsets") {
  auto first = mcp::requested_page(json::object(), 2);
  REQUIRE(first);
  json result = json::object();
  mcp::fill_page(result, "items", json::array({1, 2, 3}), *first);
  CHECK(result["items"] == json::array({1, 2}));
  REQUIRE(result.contains("nextCursor"));
  auto second = mcp::requested_page({{"cursor", result["nextCursor"]}}, 2);
  REQUIRE(second);
  json rest = json::object();
  mcp::fill_page(rest, "items", json::array({1, 2, 3}), *second);
  CHECK(rest["items"] == json::array({3}));
  CHECK_FALSE(rest.contains("nextCursor"));
  CHECK_FALSE(mcp::requested_page({{"cursor", "garbage"}}, 2));
  CHECK_FALSE(mcp::requested_page({{"cursor", 5}}, 2));
}

TEST_CASE("Host and Origin must name a host we serve") {
  mcp::OriginPolicy policy;
  auto request = [](std::string host, std::string origin) {
    http::Request r = http::make_request("POST", "/mcp");
    if (!host.empty()) r.headers.set("Host", host);
    if (!origin.empty()) r.headers.set("Origin", origin);
    return r;
  };
  CHECK(policy.check(request("127.0.0.1:5000", "")).empty());
  CHECK(policy.check(request("localhost", "http://localhost:5000")).empty());
  CHECK(policy.check(request("[::1]:8080", "http://[::1]:8080")).empty());
  CHECK_FALSE(policy.check(request("evil.example.com", "")).empty());
  CHECK_FALSE(policy.check(request("127.0.0.1:5000", "http://evil.example.com")).empty());
  CHECK_FALSE(policy.check(request("127.0.0.1:5000", "null")).empty());
  CHECK_FALSE(policy.check(request("", "")).empty());
  policy.allowed_hosts.push_back("vellum.internal");
  policy.allowed_origins.push_back("https://notes.example");
  CHECK(policy.check(request("vellum.internal:5000", "https://notes.example")).empty());
  CHECK(mcp::host_name("Example.COM:80") == "example.com");
  CHECK(mcp::host_name("[::1") .empty());
}
