// The production tools and resources over a real SQLite database, as an agent uses them over HTTP.
#include <catch2/catch.hpp>

#include "mcp_client.hpp"
#include "mcp_fixture.hpp"

using namespace vellum;
using namespace vellum::test;
using mcp::json;

namespace {

std::set<std::string> tool_names(McpClient& client) {
  std::set<std::string> names;
  const json tools = client.call("tools/list")["result"]["tools"];  // kept: a loop over a temporary's member dangles
  for (const auto& t : tools) names.insert(t["name"].get<std::string>());
  return names;
}

}  // namespace

TEST_CASE("the article tools create, find, read, update, version, restore and delete") {
  McpFixture server;
  McpClient client(server.port(), server.admin_token());
  REQUIRE(client.initialize().status == 200);

  auto created = client.tool_json("createArticle", {{"title", "  Deploy Notes  "},
                                                   {"content", "# Deploy Notes\n\nUse the blue pipeline.\n"},
                                                   {"folder", "ops/runbooks"}});
  CHECK(created["filename"] == "deploy-notes.md");
  CHECK(created["title"] == "Deploy Notes");
  CHECK(created["folder"] == "ops/runbooks");

  auto found = client.tool_json("searchArticles", {{"query", "deploy"}});
  REQUIRE(found.size() == 1);
  CHECK(found[0]["filename"] == "deploy-notes.md");
  auto multi = client.tool_json("multiSearchArticles", {{"titles", {"deploy", "notes", "absent"}}});
  CHECK(multi.size() == 1);
  CHECK(client.tool_json("listFolders").dump().find("ops/runbooks") != std::string::npos);
  CHECK(client.tool_json("listArticles", {{"folder", "ops"}}).size() == 1);
  CHECK(client.tool_json("listArticles", {{"folder", "/"}}).empty());

  auto read = client.tool_json("readArticle", {{"filename", "deploy-notes.md"}});
  CHECK(read["content"].get<std::string>().find("blue pipeline") != std::string::npos);
  CHECK(client.tool_json("readArticle", {{"filename", "deploy-notes"}})["filename"] == "deploy-notes.md");

  auto updated = client.tool_json("updateArticle", {{"filename", "deploy-notes.md"},
                                                   {"title", "Deploy Notes"},
                                                   {"content", "# Deploy Notes\n\nUse the green pipeline.\n"}});
  CHECK(updated["folder"] == "ops/runbooks");  // folder omitted: kept
  auto versions = client.tool_json("listVersions", {{"filename", "deploy-notes.md"}});
  REQUIRE(versions.size() == 2);
  auto v1 = client.tool_json("readVersion", {{"filename", "deploy-notes.md"}, {"versionId", "v1"}});
  CHECK(v1["content"].get<std::string>().find("blue") != std::string::npos);
  auto restored = client.tool_json("restoreVersion", {{"filename", "deploy-notes.md"}, {"versionId", 1}});
  CHECK(restored["content"].get<std::string>().find("blue") != std::string::npos);
  CHECK(client.tool_json("listVersions", {{"filename", "deploy-notes.md"}}).size() == 3);

  auto deleted = client.tool_json("deleteArticle", {{"filename", "deploy-notes.md"}});
  CHECK(deleted == json({{"success", true}, {"filename", "deploy-notes.md"}}));
  auto gone = client.tool("readArticle", {{"filename", "deploy-notes.md"}});
  CHECK(gone["isError"] == true);
  CHECK(gone["content"][0]["text"] == R"({"error":"Article deploy-notes.md not found"})");
  CHECK(client.tool("deleteArticle", {{"filename", "deploy-notes.md"}})["isError"] == true);
}

TEST_CASE("service rules surface as tool errors with their message") {
  McpFixture server;
  McpClient client(server.port(), server.admin_token());
  REQUIRE(client.initialize().status == 200);
  client.tool_json("createArticle", {{"title", "Same"}, {"content", "x"}});
  auto duplicate = client.tool("createArticle", {{"title", "Same"}, {"content", "y"}});
  CHECK(duplicate["isError"] == true);
  auto bad_folder = client.tool("createArticle", {{"title", "F"}, {"content", "x"}, {"folder", "../etc"}});
  CHECK(bad_folder["isError"] == true);
  CHECK(bad_folder["content"][0]["text"].get<std::string>().find("folder") != std::string::npos);
  // What the reference's "dangerous pattern" check refused is ordinary text here.
  auto fine = client.tool_json("createArticle", {{"title", "a < b; rm notes"}, {"content", "`${x}` and .."}});
  CHECK(fine["title"] == "a < b; rm notes");
}

TEST_CASE("read-only keys see no write tools and cannot call them") {
  McpFixture server;
  McpClient reader(server.port(), server.create_key("reader", "read-only"));
  REQUIRE(reader.initialize().status == 200);
  const auto names = tool_names(reader);
  CHECK(names.count("readArticle") == 1);
  for (const char* write : {"createArticle", "updateArticle", "deleteArticle", "restoreVersion"}) {
    CHECK(names.count(write) == 0);
    auto refused = reader.tool(write, {{"title", "x"}, {"content", "y"}, {"filename", "x.md"}, {"versionId", 1}});
    CHECK(refused["isError"] == true);
    CHECK(refused["content"][0]["text"].get<std::string>().find("requires write scope") != std::string::npos);
  }

  McpClient writer(server.port(), server.create_key("writer", "write"));
  REQUIRE(writer.initialize().status == 200);
  auto created = writer.tool_json("createArticle", {{"title", "By Key"}, {"content", "x"}});
  CHECK(created["modifiedBy"] == "writer");
}

TEST_CASE("every production tool declares annotations, a schema and a description") {
  McpFixture server;
  McpClient client(server.port(), server.admin_token());
  REQUIRE(client.initialize().status == 200);
  const auto tools = client.call("tools/list")["result"]["tools"];
  std::set<std::string> names;
  for (const auto& t : tools) {
    INFO(t.dump());
    names.insert(t["name"].get<std::string>());
    CHECK_FALSE(t["description"].get<std::string>().empty());
    CHECK(t["inputSchema"]["type"] == "object");
    for (const char* hint : {"readOnlyHint", "destructiveHint", "idempotentHint"}) CHECK(t["annotations"].contains(hint));
  }
  for (const char* name : {"listArticles", "listFolders", "searchArticles", "multiSearchArticles", "readArticle",
                           "createArticle", "updateArticle", "deleteArticle", "listVersions", "readVersion",
                           "restoreVersion", "getEmbeddingStatus"}) {
    CHECK(names.count(name) == 1);
  }
  auto status = client.tool_json("getEmbeddingStatus");
  CHECK(status.contains("tasks"));
  CHECK(status["tasks"]["cancelled"] == 0);  // an operator's cancellations, counted apart from failures
  CHECK(status["queue"]["enabled"] == false);
  CHECK(status["embeddingSets"].contains("active"));
  CHECK(status["embeddingSets"]["building"].is_null());
}

TEST_CASE("articles are resources at vellum://articles/{slug}") {
  McpFixture server;
  McpClient client(server.port(), server.admin_token());
  REQUIRE(client.initialize().status == 200);
  client.tool_json("createArticle", {{"title", "Resource Me"}, {"content", "# Resource Me\n\nbody"}});
  auto listed = client.call("resources/list")["result"]["resources"];
  REQUIRE(listed.size() == 1);
  CHECK(listed[0]["uri"] == "vellum://articles/resource-me");
  CHECK(listed[0]["mimeType"] == "text/markdown");
  auto templates = client.call("resources/templates/list")["result"]["resourceTemplates"];
  CHECK(templates[0]["uriTemplate"] == "vellum://articles/{slug}");
  auto read = client.call("resources/read", {{"uri", "vellum://articles/resource-me"}});
  CHECK(read["result"]["contents"][0]["text"] == "# Resource Me\n\nbody");
  CHECK(client.call("resources/read", {{"uri", "vellum://articles/nope"}})["error"]["code"] == -32002);
  CHECK(client.call("resources/read", {{"uri", "vellum://articles/../x"}})["error"]["code"] == -32002);
}
