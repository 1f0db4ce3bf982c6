// The Streamable HTTP transport over real HTTP: sessions (ids, ownership, DELETE, expiry), JSON and
// SSE answers, 202s, the protocol-version header, auth, per-session rate limits. Session caps,
// eviction and the limits on initialize and on failed tokens: session_limits_test.cpp.
#include <catch2/catch.hpp>
#include <set>
#include <thread>

#include "http/auth_tokens.hpp"
#include "mcp_client.hpp"
#include "mcp_fixture.hpp"

using namespace vellum;
using namespace vellum::test;

TEST_CASE("initialize opens a session with a random visible-ASCII id") {
  McpFixture server;
  std::set<std::string> ids;
  for (int i = 0; i < 3; ++i) {
    McpClient client(server.port(), server.admin_token());
    auto reply = client.initialize();
    INFO(reply.body);
    REQUIRE(reply.status == 200);
    CHECK(reply.content_type.find("application/json") != std::string::npos);
    CHECK(reply.last()["result"]["protocolVersion"] == "2025-11-25");
    REQUIRE(reply.session_id.size() >= 32);
    for (char c : reply.session_id) CHECK((c >= 0x21 && c <= 0x7e));
    ids.insert(reply.session_id);
  }
  CHECK(ids.size() == 3);
}

TEST_CASE("the older protocol versions clients still send are accepted") {
  McpFixture server;
  for (const char* version : {"2025-06-18", "2025-03-26", "2024-11-05"}) {
    McpClient client(server.port(), server.admin_token());
    auto reply = client.initialize(version);
    REQUIRE(reply.status == 200);
    CHECK(reply.last()["result"]["protocolVersion"] == version);
    CHECK(client.call("ping")["result"] == mcp::json::object());
  }
}

TEST_CASE("notifications and responses get 202 with no body, requests get JSON or SSE") {
  McpFixture server;
  McpClient client(server.port(), server.admin_token());
  REQUIRE(client.initialize().status == 200);
  auto note = client.post({{"jsonrpc", "2.0"}, {"method", "notifications/progress"}, {"params", {{"x", 1}}}});
  CHECK(note.status == 202);
  CHECK(note.body.empty());
  auto stray = client.post({{"jsonrpc", "2.0"}, {"id", "nobody-asked"}, {"result", mcp::json::object()}});
  CHECK(stray.status == 202);
  auto list = client.request("tools/list");
  CHECK(list.content_type.find("application/json") != std::string::npos);
  auto call = client.request("tools/call", {{"name", "listFolders"}, {"arguments", mcp::json::object()}});
  CHECK(call.status == 200);
  CHECK(call.content_type.find("text/event-stream") != std::string::npos);
  REQUIRE(call.messages.size() == 1);
  CHECK(call.last().contains("result"));
}

TEST_CASE("DELETE ends a session, its id then gets 404, a missing id 400") {
  McpFixture server;
  McpClient client(server.port(), server.admin_token());
  REQUIRE(client.initialize().status == 200);
  CHECK(client.end_session().status == 200);
  CHECK(client.request("ping").status == 404);
  CHECK(client.end_session().status == 404);
  client.set_session_id("");
  auto missing = client.request("ping");
  CHECK(missing.status == 400);
  CHECK(missing.last()["error"]["message"].get<std::string>().find("Mcp-Session-Id") != std::string::npos);
}

TEST_CASE("an idle session expires and answers 404") {
  McpFixtureOptions options;
  options.http.sessions.idle_timeout = std::chrono::milliseconds(200);
  McpFixture server(options);
  McpClient client(server.port(), server.admin_token());
  REQUIRE(client.initialize().status == 200);
  CHECK(client.request("ping").status == 200);
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  CHECK(client.request("ping").status == 404);
}

TEST_CASE("a session past its absolute age ends even while in use") {
  McpFixtureOptions options;
  options.http.sessions.max_age = std::chrono::milliseconds(300);
  McpFixture server(options);
  McpClient client(server.port(), server.admin_token());
  REQUIRE(client.initialize().status == 200);
  for (int i = 0; i < 3; ++i) {
    CHECK(client.request("ping").status == 200);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  CHECK(client.request("ping").status == 404);
}

TEST_CASE("requests need a valid bearer token and a session belongs to its token") {
  McpFixture server;
  McpClient anonymous(server.port(), "");
  auto refused = anonymous.initialize();
  CHECK(refused.status == 401);
  McpClient wrong(server.port(), "sk-md-" + std::string(64, 'a'));
  CHECK(wrong.initialize().status == 401);

  McpClient admin(server.port(), server.admin_token());
  REQUIRE(admin.initialize().status == 200);
  McpClient other(server.port(), server.create_key("other", "write"));
  other.set_session_id(admin.session_id());
  CHECK(other.request("ping").status == 403);
  CHECK(admin.request("ping").status == 200);
}

TEST_CASE("a revoked key loses its sessions at the next request") {
  McpFixture server;
  const std::string key = server.create_key("agent", "write");
  McpClient client(server.port(), key);
  REQUIRE(client.initialize().status == 200);
  REQUIRE(client.request("ping").status == 200);
  auto revoked = http::revoke_token_secret(server.storage(), key);
  REQUIRE(revoked);
  CHECK(client.request("ping").status == 401);
}

TEST_CASE("each session has its own rate limit") {
  McpFixtureOptions options;
  options.http.rate_limit_requests = 3;
  McpFixture server(options);
  McpClient client(server.port(), server.admin_token());
  REQUIRE(client.initialize().status == 200);  // initialize is not counted; notifications/initialized is
  CHECK(client.request("ping").status == 200);
  CHECK(client.request("ping").status == 200);
  auto limited = client.request("ping");
  CHECK(limited.status == 429);
  McpClient fresh(server.port(), server.admin_token());
  REQUIRE(fresh.initialize().status == 200);
  CHECK(fresh.request("ping").status == 200);
}

TEST_CASE("GET is 405: no stream outside requests") {
  McpFixture server;
  McpClient client(server.port(), server.admin_token());
  REQUIRE(client.initialize().status == 200);
  auto res = client.http().request("GET", "/mcp", {},
                                   {{{"Accept", "text/event-stream"},
                                     {"Authorization", "Bearer " + server.admin_token()},
                                     {"MCP-Session-Id", client.session_id()}}});
  CHECK(res.status == 405);
  CHECK(res.header("allow") == "POST, DELETE");
}
