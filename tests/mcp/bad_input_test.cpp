// Hostile and broken input at /mcp: each gets the error the spec names, and the server stays up.
#include <catch2/catch.hpp>

#include "mcp_client.hpp"
#include "mcp_fixture.hpp"

using namespace vellum;
using namespace vellum::test;

namespace {

// After each case: the same server still answers a fresh session.
void still_up(McpFixture& server) {
  McpClient probe(server.port(), server.admin_token());
  REQUIRE(probe.initialize().status == 200);
  CHECK(probe.call("ping")["result"] == mcp::json::object());
}

}  // namespace

TEST_CASE("malformed JSON is a 400 parse error") {
  McpFixture server;
  McpClient client(server.port(), server.admin_token());
  REQUIRE(client.initialize().status == 200);
  for (const char* body : {"{", "", "nul", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"", "\xff\xfe"}) {
    INFO(body);
    auto reply = client.post_raw(body);
    CHECK(reply.status == 400);
    REQUIRE_FALSE(reply.messages.empty());
    CHECK(reply.last()["error"]["code"] == -32700);
    CHECK(reply.last()["id"].is_null());
  }
  still_up(server);
}

TEST_CASE("a message nested deeper than the limit is a 400 parse error, not a crash") {
  // 50,000 levels in 100 KB: enough to overflow the stack of a recursive parser or copy.
  McpFixture server;
  McpClient client(server.port(), server.admin_token());
  REQUIRE(client.initialize().status == 200);
  const std::string params = std::string(50'000, '[') + std::string(50'000, ']');
  auto deep = client.post_raw(R"({"jsonrpc":"2.0","id":1,"method":"ping","params":{"x":)" + params + "}}");
  CHECK(deep.status == 400);
  REQUIRE_FALSE(deep.messages.empty());
  CHECK(deep.last()["error"]["code"] == -32700);
  CHECK(deep.last()["error"]["message"] == "Parse error: JSON nested deeper than 64 levels");
  // Many values at shallow depth are bounded too.
  std::string wide = "[0";
  for (int i = 0; i < 100'000; ++i) wide += ",0";
  auto many = client.post_raw(R"({"jsonrpc":"2.0","id":2,"method":"ping","params":{"x":)" + wide + "]}}");
  CHECK(many.status == 400);
  CHECK(many.last()["error"]["message"] == "Parse error: JSON more than 100000 values");
  still_up(server);
}

TEST_CASE("batches and malformed messages are 400 invalid requests") {
  McpFixture server;
  McpClient client(server.port(), server.admin_token());
  REQUIRE(client.initialize().status == 200);
  for (const char* body : {R"([{"jsonrpc":"2.0","id":1,"method":"ping"}])", R"([])", R"("ping")", R"(42)",
                           R"({"jsonrpc":"2.0","id":1})", R"({"id":1,"method":"ping"})",
                           R"({"jsonrpc":"2.0","id":true,"method":"ping"})",
                           R"({"jsonrpc":"2.0","id":1,"method":"ping","params":"x"})"}) {
    INFO(body);
    auto reply = client.post_raw(body);
    CHECK(reply.status == 400);
    REQUIRE_FALSE(reply.messages.empty());
    CHECK(reply.last()["error"]["code"] == -32600);
  }
  auto with_id = client.post_raw(R"({"jsonrpc":"2.0","id":9,"method":7})");
  CHECK(with_id.last()["id"] == 9);
  // An initialize hidden in a batch is still a batch.
  McpClient fresh(server.port(), server.admin_token());
  auto batch_init = fresh.post_raw(
      R"([{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"x","version":"1"}}}])");
  CHECK(batch_init.status == 400);
  CHECK(batch_init.session_id.empty());
  still_up(server);
}

TEST_CASE("a session on 2025-03-26 takes JSON-RPC batches and answers each request in order") {
  McpFixture server;
  McpClient client(server.port(), server.admin_token());
  REQUIRE(client.initialize("2025-03-26").status == 200);
  auto reply = client.post_raw(R"([{"jsonrpc":"2.0","id":1,"method":"ping"},
                                    {"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":99}},
                                    {"jsonrpc":"2.0","id":"two","method":"tools/list"},
                                    {"jsonrpc":"2.0","id":3,"method":"initialize","params":{}},
                                    {"jsonrpc":"2.0","id":4}])");
  CHECK(reply.status == 200);
  CHECK_FALSE(reply.session_id.empty());
  const auto answers = reply.last();
  REQUIRE(answers.is_array());
  REQUIRE(answers.size() == 4);  // the notification gets none
  CHECK(answers[0]["id"] == 1);
  CHECK(answers[0]["result"] == mcp::json::object());
  CHECK(answers[1]["id"] == "two");
  CHECK_FALSE(answers[1]["result"]["tools"].empty());
  CHECK(answers[2]["id"] == 3);
  CHECK(answers[2]["error"]["message"] == "Invalid Request: initialize must not be part of a batch");
  CHECK(answers[3]["error"]["code"] == -32600);

  // Only notifications: accepted, nothing to answer.
  auto quiet = client.post_raw(R"([{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":7}}])");
  CHECK(quiet.status == 202);
  // Bounded.
  std::string many = "[";
  for (int i = 0; i < 65; ++i) many += std::string(i ? "," : "") + R"({"jsonrpc":"2.0","id":)" + std::to_string(i) + R"(,"method":"ping"})";
  auto too_many = client.post_raw(many + "]");
  CHECK(too_many.status == 400);
  CHECK(too_many.last()["error"]["message"] == "Invalid Request: a batch holds at most 64 messages");

  // A session on a later version is refused, saying why.
  McpClient later(server.port(), server.admin_token());
  REQUIRE(later.initialize("2025-06-18").status == 200);
  auto refused = later.post_raw(R"([{"jsonrpc":"2.0","id":1,"method":"ping"}])");
  CHECK(refused.status == 400);
  CHECK(refused.last()["error"]["message"] ==
        "Invalid Request: Batch requests are not supported in protocol version 2025-06-18 (MCP has them only in "
        "2025-03-26)");
  still_up(server);
}

TEST_CASE("unknown methods are -32601, wrong parameter types -32602") {
  McpFixture server;
  McpClient client(server.port(), server.admin_token());
  REQUIRE(client.initialize().status == 200);
  CHECK(client.call("does/not/exist")["error"]["code"] == -32601);
  CHECK(client.call("tools/call", {{"name", 42}})["error"]["code"] == -32602);
  CHECK(client.call("tools/call", {{"name", "readArticle"}, {"arguments", "x"}})["error"]["code"] == -32602);
  CHECK(client.call("tools/list", {{"cursor", 17}})["error"]["code"] == -32602);
  CHECK(client.call("resources/read", {{"uri", mcp::json::array()}})["error"]["code"] == -32602);
  CHECK(client.call("logging/setLevel", {{"level", 3}})["error"]["code"] == -32602);
  still_up(server);
}

TEST_CASE("tool arguments of the wrong type are tool errors naming the argument") {
  McpFixture server;
  McpClient client(server.port(), server.admin_token());
  REQUIRE(client.initialize().status == 200);
  struct Case {
    const char* tool;
    mcp::json arguments;
    const char* message;
  };
  for (const auto& c : {Case{"readArticle", {{"filename", 12}}, "filename must be a string"},
                        Case{"readArticle", mcp::json::object(), "filename is required"},
                        Case{"readArticle", {{"filename", "  "}}, "filename cannot be empty"},
                        Case{"createArticle", {{"title", "T"}}, "content is required"},
                        Case{"createArticle", {{"title", ""}, {"content", "x"}}, "title cannot be empty"},
                        Case{"createArticle", {{"title", std::string(501, 'a')}, {"content", "x"}},
                             "title exceeds maximum length of 500 characters"},
                        Case{"listArticles", {{"maxArticles", "many"}}, "maxArticles must be a number"},
                        Case{"listArticles", {{"maxArticles", 2.5}}, "maxArticles must be an integer"},
                        Case{"listArticles", {{"maxArticles", 0}}, "maxArticles must be at least 1"},
                        Case{"listArticles", {{"maxArticles", 5000}}, "maxArticles must be at most 1000"},
                        Case{"listArticles", {{"folder", 3}}, "folder must be a string"},
                        Case{"multiSearchArticles", {{"titles", "a"}}, "titles must be an array"},
                        Case{"multiSearchArticles", {{"titles", mcp::json::array()}}, "titles must have at least 1"},
                        Case{"multiSearchArticles", {{"titles", mcp::json::array({"a", 1})}},
                             "titles[1]: titles[1] must be a string"},
                        Case{"multiSearchArticles", {{"titles", mcp::json(std::vector<std::string>(11, "a"))}},
                             "titles exceeds maximum length of 10 items"},
                        Case{"readVersion", {{"filename", "a.md"}, {"versionId", "latest"}}, "versionId must be"}}) {
    INFO(c.tool << " " << c.arguments.dump());
    auto result = client.tool(c.tool, c.arguments);
    CHECK(result["isError"] == true);
    const auto text = result["content"][0]["text"].get<std::string>();
    INFO(text);
    CHECK(text.find(c.message) != std::string::npos);
  }
  still_up(server);
}

TEST_CASE("a body over the size limit is refused with 413 and the server stays up") {
  McpFixture server;
  McpClient client(server.port(), server.admin_token());
  REQUIRE(client.initialize().status == 200);
  const std::string huge(11 * 1024 * 1024, 'a');
  auto reply = client.request("tools/call", {{"name", "createArticle"}, {"arguments", {{"title", "Huge"}, {"content", huge}}}});
  CHECK(reply.status == 413);
  still_up(server);
}

TEST_CASE("wrong Origin or Host is 403 before anything else") {
  McpFixture server;
  McpClient client(server.port(), server.admin_token());
  auto evil_origin = client.post_raw(
      R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"x","version":"1"}}})",
      {{"Origin", "http://evil.example.com"}});
  CHECK(evil_origin.status == 403);
  CHECK(evil_origin.session_id.empty());
  auto evil_host = client.post_raw(R"({"jsonrpc":"2.0","id":1,"method":"ping"})", {{"Host", "evil.example.com"}});
  CHECK(evil_host.status == 403);
  auto local_origin = client.initialize();
  CHECK(local_origin.status == 200);
  still_up(server);
}

TEST_CASE("Accept, Content-Type and MCP-Protocol-Version are checked") {
  McpFixture server;
  McpClient client(server.port(), server.admin_token());
  REQUIRE(client.initialize().status == 200);
  const std::string ping = R"({"jsonrpc":"2.0","id":1,"method":"ping"})";
  CHECK(client.post_raw(ping, {{"Accept", "application/json"}}).status == 406);
  CHECK(client.post_raw(ping, {{"Accept", "text/event-stream"}}).status == 406);
  CHECK(client.post_raw(ping, {{"Accept", "*/*"}}).status == 200);
  CHECK(client.post_raw(ping, {{"Content-Type", "text/plain"}}).status == 415);
  CHECK(client.post_raw(ping, {{"MCP-Protocol-Version", "1999-01-01"}}).status == 400);
  CHECK(client.post_raw(ping, {{"MCP-Protocol-Version", ""}}).status == 200);  // absent: assumed 2025-03-26
  still_up(server);
}

TEST_CASE("an absolute-form target is judged by its own authority, not by the Host header") {
  McpFixture server;
  // GET is refused with 405 only once Host and Origin have passed: 403 shows the host was refused.
  RawConnection evil(server.port());
  CHECK(evil.exchange("GET http://evil.example.com/mcp HTTP/1.1\r\nHost: localhost\r\n\r\n").status == 403);
  RawConnection local(server.port());
  CHECK(local.exchange("GET http://localhost:80/mcp HTTP/1.1\r\nHost: evil.example.com\r\n\r\n").status == 405);
  still_up(server);
}
