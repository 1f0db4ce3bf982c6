// Every route × every kind of caller: no token, a wrong token, a read-only key, a write key, the
// admin token. "allowed" means the guard let the request through (any answer but 401/403, never 5xx).
#include <catch2/catch.hpp>

#include "api_fixture.hpp"

using vellum::test::ApiFixture;
using vellum::test::Fields;
using json = nlohmann::json;

namespace {

enum class Need { anyone, read, write, admin };

struct Route {
  const char* method;
  const char* target;
  const char* body;
  Need need;
};

const Route kRoutes[] = {
    {"GET", "/health", "", Need::anyone},
    {"GET", "/api/public-articles/doc", "", Need::anyone},
    {"GET", "/api/access-tokens", "", Need::admin},
    {"POST", "/api/access-tokens", R"({"name":"matrix","scope":"read-only"})", Need::admin},
    {"DELETE", "/api/access-tokens/9999", "", Need::admin},
    {"GET", "/api/folders", "", Need::read},
    {"PUT", "/api/folders/manage/f", R"({"newName":"g"})", Need::write},
    {"DELETE", "/api/folders/manage/f", "", Need::write},
    {"GET", "/api/articles", "", Need::read},
    {"GET", "/api/articles?q=doc&folder=f&limit=5", "", Need::read},
    {"POST", "/api/articles", R"({"title":"Matrix","content":"x"})", Need::write},
    {"GET", "/api/articles/doc.md", "", Need::read},
    {"PUT", "/api/articles/doc.md", R"({"title":"Doc","content":"changed"})", Need::write},
    {"DELETE", "/api/articles/doc.md", "", Need::write},
    {"GET", "/api/articles/doc.md/versions", "", Need::read},
    {"DELETE", "/api/articles/doc.md/versions", "", Need::write},
    {"GET", "/api/articles/doc.md/versions/v1", "", Need::read},
    {"DELETE", "/api/articles/doc.md/versions/v1", "", Need::write},
    {"PUT", "/api/articles/doc.md/versions/v1/restore", "{}", Need::write},
    {"GET", "/api/articles/doc.md/public-status", "", Need::read},
    {"POST", "/api/articles/doc.md/public", R"({"isPublic":true})", Need::write},
    {"POST", "/api/articles/doc.md/rename-slug", R"({"newSlug":"doc2"})", Need::write},
    // Import reads the server's files: admin (the queue routes' scopes: tests/ops/scenario_verify_test.cpp).
    {"GET", "/api/import/status", "", Need::admin},
    {"POST", "/api/import/validate", "", Need::admin},
    {"POST", "/api/import/start", "", Need::admin},
    {"GET", "/api/no-such-route", "", Need::read},
    {"PATCH", "/api/articles/doc.md", "{}", Need::read},
};

enum class Who { nobody, wrong, read_only, writer, admin };

long expected_refusal(Need need, Who who) {
  if (need == Need::anyone || who == Who::admin) return 0;
  if (who == Who::nobody || who == Who::wrong) return 401;
  if (need == Need::admin) return 401;  // API keys on admin routes: 401, as the reference API answers
  if (need == Need::write && who == Who::read_only) return 403;
  return 0;
}

}  // namespace

TEST_CASE("auth matrix: every route against every kind of caller") {
  for (const Route& route : kRoutes) {
    ApiFixture api;
    const std::string read_key = api.create_key("reader", "read-only");
    const std::string write_key = api.create_key("writer", "write");
    api.create_article("Doc", "text", "f");
    const std::pair<Who, Fields> callers[] = {
        {Who::nobody, {}},
        {Who::wrong, ApiFixture::bearer("sk-md-" + std::string(64, '0'))},
        {Who::wrong, ApiFixture::bearer("not-a-token")},
        {Who::read_only, ApiFixture::bearer(read_key)},
        {Who::writer, ApiFixture::bearer(write_key)},
        {Who::admin, api.admin()},
    };
    for (const auto& [who, headers] : callers) {
      INFO(route.method << " " << route.target << " as caller #" << static_cast<int>(who));
      auto res = api.client().request(route.method, route.target, route.body, {headers, false, std::chrono::seconds(10)});
      INFO(res.body);
      const long refusal = expected_refusal(route.need, who);
      if (refusal != 0) {
        CHECK(res.status == refusal);
        if (refusal == 401) CHECK(res.json() == json{{"error", "Unauthorized"}});
        if (refusal == 403) CHECK(res.json()["error"] == "Insufficient permissions");
      } else {
        CHECK(res.status != 401);
        CHECK(res.status != 403);
        CHECK(res.status < 500);
      }
    }
  }
}

TEST_CASE("writes are attributed to the key's name or to admin: the bare token works too") {
  ApiFixture api;
  auto& c = api.client();
  const std::string key = api.create_key("agent-7", "write");
  auto created = c.post_json("/api/articles", {{"title", "By Agent"}, {"content", "x"}}, ApiFixture::bearer(key));
  REQUIRE(created.status == 201);
  CHECK(created.json()["modifiedBy"] == "agent-7");
  auto bare = c.put("/api/articles/by-agent.md", json{{"title", "By Agent"}, {"content", "y"}}.dump(),
                    {{"Authorization", api.admin_token()}});
  REQUIRE(bare.status == 200);
  CHECK(bare.json()["modifiedBy"] == "admin");
  CHECK(c.get("/api/articles/by-agent.md/versions", api.admin()).json()[1]["createdBy"] == "agent-7");

  // last_used_at is recorded for the key that was used.
  auto tokens = c.get("/api/access-tokens", api.admin()).json();
  REQUIRE(tokens.size() == 1);
  CHECK(tokens[0]["last_used_at"].is_string());
}

TEST_CASE("a revoked key stops working at once") {
  ApiFixture api;
  auto& c = api.client();
  const std::string key = api.create_key("temp", "read-only");
  CHECK(c.get("/api/articles", ApiFixture::bearer(key)).status == 200);
  CHECK(c.del("/api/access-tokens/" + key, api.admin()).json() == json{{"success", true}});
  CHECK(c.get("/api/articles", ApiFixture::bearer(key)).status == 401);
}
