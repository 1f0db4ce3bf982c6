// The routes the web console added to the REST API: who a token is (/api/session) and markdown
// rendered safely on the server (/api/articles/:f/html, /api/markdown/html).
#include <catch2/catch.hpp>

#include "api_fixture.hpp"

using vellum::test::ApiFixture;
using json = nlohmann::json;

TEST_CASE("GET /api/session tells the console what the token may do") {
  ApiFixture api;
  auto& c = api.client();
  auto admin = c.get("/api/session", api.admin());
  REQUIRE(admin.status == 200);
  CHECK(admin.json() == json{{"kind", "admin"}, {"name", "admin"}, {"scope", "write"}, {"canWrite", true},
                             {"isAdmin", true}});

  const auto reader = api.create_key("console reader", "read-only");
  auto read_only = c.get("/api/session", ApiFixture::bearer(reader));
  REQUIRE(read_only.status == 200);
  CHECK(read_only.json()["kind"] == "api_key");
  CHECK(read_only.json()["name"] == "console reader");
  CHECK(read_only.json()["canWrite"] == false);
  CHECK(read_only.json()["isAdmin"] == false);

  const auto writer = api.create_key("console writer", "write");
  auto write = c.get("/api/session", ApiFixture::bearer(writer));
  CHECK(write.json()["canWrite"] == true);
  CHECK(write.json()["isAdmin"] == false);

  CHECK(c.get("/api/session").status == 401);
  CHECK(c.get("/api/session", ApiFixture::bearer("sk-md-not-a-key")).status == 401);
}

TEST_CASE("an article's HTML is rendered with raw HTML and unsafe links removed") {
  ApiFixture api;
  auto& c = api.client();
  const std::string content =
      "## Section\n\n<script>alert(1)</script>\n\n[x](javascript:alert(2)) and <img src=x onerror=alert(3)>\n\n"
      "| a | b |\n|---|---|\n| 1 | 2 |\n";
  const auto created = api.create_article("Rendered", content, "docs");
  const std::string filename = created["filename"];

  const auto reader = api.create_key("reader", "read-only");
  auto rendered = c.get("/api/articles/" + filename + "/html", ApiFixture::bearer(reader));
  REQUIRE(rendered.status == 200);
  const auto body = rendered.json();
  CHECK(body["filename"] == filename);
  CHECK(body["title"] == "Rendered");
  const std::string html = body["html"];
  CHECK_THAT(html, Catch::Contains("<h2>Section</h2>"));
  CHECK_THAT(html, Catch::Contains("<table>"));
  CHECK_THAT(html, !Catch::Contains("<script") && !Catch::Contains("onerror") && !Catch::Contains("javascript:"));

  CHECK(c.get("/api/articles/missing.md/html", api.admin()).status == 404);
  CHECK(c.get("/api/articles/" + filename + "/html").status == 401);
}

TEST_CASE("POST /api/markdown/html previews unsaved text for any token, and changes nothing") {
  ApiFixture api;
  auto& c = api.client();
  const auto reader = api.create_key("reader", "read-only");
  auto preview = c.post_json("/api/markdown/html", {{"content", "**bold** <b onclick=x>raw</b>"}}, ApiFixture::bearer(reader));
  REQUIRE(preview.status == 200);
  const std::string html = preview.json()["html"];
  CHECK_THAT(html, Catch::Contains("<strong>bold</strong>"));
  CHECK_THAT(html, !Catch::Contains("onclick"));
  CHECK(c.post_json("/api/markdown/html", {{"text", "x"}}, api.admin()).status == 400);
  CHECK(c.post("/api/markdown/html", "not json", api.admin()).status == 400);
  CHECK(api.tasks().empty());
}
