// Articles, versions and folders over HTTP: the reference API's paths, fields and status codes, with
// its not-found-as-500 cases answered 404 and every write adding exactly one version.
#include <catch2/catch.hpp>

#include "api_fixture.hpp"

using vellum::test::ApiFixture;
using json = nlohmann::json;

TEST_CASE("create, read, list, update and delete an article") {
  ApiFixture api;
  auto& c = api.client();
  auto created = c.post_json("/api/articles", {{"title", "Hello World!"}, {"content", "Some text"}, {"folder", "docs"}},
                             api.admin());
  REQUIRE(created.status == 201);
  auto article = created.json();
  CHECK(article["filename"] == "hello-world.md");
  CHECK(article["title"] == "Hello World!");
  CHECK(article["content"] == "Some text");
  CHECK(article["folder"] == "docs");
  CHECK(article["isPublic"] == false);
  CHECK(article["noRag"] == false);
  CHECK(article["modifiedBy"] == "admin");
  CHECK_FALSE(article.contains("modified"));
  CHECK(article["created"].get<std::string>().size() == 24);  // 2025-01-15T10:30:00.000Z

  auto read = c.get("/api/articles/hello-world.md", api.admin());
  REQUIRE(read.status == 200);
  CHECK(read.json() == article);
  CHECK(c.get("/api/articles/hello-world", api.admin()).status == 200);  // ".md" is optional

  auto list = c.get("/api/articles", api.admin());
  REQUIRE(list.status == 200);
  REQUIRE(list.json().size() == 1);
  for (const char* field : {"filename", "title", "folder", "created", "modified", "isPublic", "noRag", "modifiedBy"})
    CHECK(list.json()[0].contains(field));
  CHECK_FALSE(list.json()[0].contains("content"));

  auto updated = c.put("/api/articles/hello-world.md", json{{"title", "Hello World!"}, {"content", "New text"}}.dump(),
                       api.admin());
  REQUIRE(updated.status == 200);
  CHECK(updated.json()["content"] == "New text");
  CHECK(updated.json()["folder"] == "docs");  // folder omitted: kept

  CHECK(c.del("/api/articles/hello-world.md", api.admin()).json() == json{{"success", true}});
  CHECK(c.get("/api/articles/hello-world.md", api.admin()).status == 404);
  CHECK(c.del("/api/articles/hello-world.md", api.admin()).status == 404);
}

TEST_CASE("the client's title wins over frontmatter and headings, which stay content and metadata") {
  // As the reference API does: its web UI's title edits and agents' chosen titles (and so their
  // filenames) are kept; the frontmatter/heading rules are the importer's, or fill in a blank title.
  ApiFixture api;
  auto fm = api.create_article("Given", "---\ntitle: From Frontmatter\ntags: [a, b]\ncount: 3\n---\n# Heading\nx");
  CHECK(fm["title"] == "Given");
  CHECK(fm["filename"] == "given.md");
  CHECK(fm["metadata"] == json{{"title", "From Frontmatter"}, {"tags", {"a", "b"}}, {"count", 3}});
  CHECK(fm["content"].get<std::string>().rfind("---\ntitle: From Frontmatter", 0) == 0);  // kept as written

  auto crlf = api.create_article("CRLF Given", "---\r\ntags: [x]\r\n---\r\n# CRLF Heading\r\nbody");
  CHECK(crlf["title"] == "CRLF Given");
  CHECK(crlf["metadata"]["tags"] == json{"x"});

  // The common client workload: every article starts with the same heading; each keeps its title.
  auto first = api.create_article("Benchmark one", "# Benchmark\nfirst");
  auto second = api.create_article("Benchmark two", "# Benchmark\nsecond");
  CHECK(first["filename"] == "benchmark-one.md");
  CHECK(second["filename"] == "benchmark-two.md");

  auto blank = api.create_article("   ", "# From Heading\nx");
  CHECK(blank["title"] == "From Heading");

  auto admin = api.admin();
  admin.emplace_back("Content-Type", "application/json");
  auto edited = api.client().put("/api/articles/given.md",
                                 json{{"title", "Renamed"}, {"content", "# Heading\ny"}}.dump(), admin);
  REQUIRE(edited.status == 200);
  CHECK(edited.json()["title"] == "Renamed");

  auto bad = api.client().post_json("/api/articles", {{"title", "T"}, {"content", "---\ntitle: [unclosed\n---\nx"}},
                                    api.admin());
  CHECK(bad.status == 400);
  CHECK_THAT(bad.json()["error"].get<std::string>(), Catch::Contains("frontmatter"));
}

TEST_CASE("slugs: reserved words, collisions and renames") {
  ApiFixture api;
  auto& c = api.client();
  auto reserved = c.post_json("/api/articles", {{"title", "Admin"}, {"content", "x"}}, api.admin());
  CHECK(reserved.status == 400);
  CHECK_THAT(reserved.json()["error"].get<std::string>(), Catch::Contains("reserved"));
  auto empty = c.post_json("/api/articles", {{"title", "日本語"}, {"content", "x"}}, api.admin());
  CHECK(empty.status == 400);

  api.create_article("My Note", "one");
  auto again = c.post_json("/api/articles", {{"title", "My Note"}, {"content", "two"}}, api.admin());
  CHECK(again.status == 400);
  CHECK_THAT(again.json()["error"].get<std::string>(), Catch::Contains("My Note"));

  // A changed title renames the slug, as the reference API does.
  auto retitled = c.put("/api/articles/my-note.md", json{{"title", "Better Name"}, {"content", "one"}}.dump(),
                        api.admin());
  REQUIRE(retitled.status == 200);
  CHECK(retitled.json()["filename"] == "better-name.md");
  CHECK(c.get("/api/articles/my-note.md", api.admin()).status == 404);

  auto renamed = c.post_json("/api/articles/better-name.md/rename-slug", {{"newSlug", " Short "}}, api.admin());
  REQUIRE(renamed.status == 200);
  CHECK(renamed.json()["success"] == true);
  CHECK(renamed.json()["article"]["filename"] == "short.md");
  CHECK(c.post_json("/api/articles/short.md/rename-slug", {{"newSlug", "api"}}, api.admin()).status == 400);
  CHECK(c.post_json("/api/articles/short.md/rename-slug", {{"newSlug", "Bad Slug!"}}, api.admin()).status == 400);
  CHECK(c.post_json("/api/articles/short.md/rename-slug", {{"newSlug", ""}}, api.admin()).status == 400);
  CHECK(c.post_json("/api/articles/missing.md/rename-slug", {{"newSlug", "x"}}, api.admin()).status == 404);
  api.create_article("Other", "x");
  CHECK(c.post_json("/api/articles/short.md/rename-slug", {{"newSlug", "other"}}, api.admin()).status == 400);
}

TEST_CASE("validation errors are 400 with a message naming the field") {
  ApiFixture api;
  auto& c = api.client();
  auto post = [&](const json& body) { return c.post_json("/api/articles", body, api.admin()); };
  CHECK(post({{"title", "T"}}).json()["error"] == "Title and content are required");
  CHECK(post({{"content", "x"}}).status == 400);
  CHECK(post({{"title", 5}, {"content", "x"}}).json()["error"] == "title must be a string");
  CHECK(post({{"title", "T"}, {"content", true}}).json()["error"] == "content must be a string");
  CHECK(post({{"title", "T"}, {"content", "x"}, {"noRag", "yes"}}).json()["error"] == "noRag must be a boolean");
  CHECK(post({{"title", "T"}, {"content", "x"}, {"folder", 3}}).json()["error"] == "folder must be a string");
  CHECK(post({{"title", "T"}, {"content", "   \n  "}}).status == 400);  // the reference answered 500
  CHECK(post({{"title", std::string(501, 'a')}, {"content", "x"}}).status == 400);
  CHECK(post({{"title", "T"}, {"content", "x"}, {"message", std::string(1001, 'm')}}).status == 400);
  for (const char* folder : {"../etc", "a//b", "/a", "a/", "tech/<script>", "a/./b"}) {
    INFO(folder);
    auto res = post({{"title", std::string("T ") + folder}, {"content", "x"}, {"folder", folder}});
    CHECK(res.status == 400);
    CHECK_THAT(res.json()["error"].get<std::string>(), Catch::Contains("Folder"));
  }
  CHECK(post({{"title", "Deep"}, {"content", "x"}, {"folder", "a/b/c/d/e/f/g/h/i/j/k"}}).status == 400);
  CHECK(post({{"title", "Root"}, {"content", "x"}, {"folder", "/"}}).json()["folder"] == "");

  api.create_article("Existing", "x");
  // The reference API wrote an invalid folder on update and then crashed (api-spec §10.4).
  auto res = c.put("/api/articles/existing.md", json{{"title", "Existing"}, {"content", "x"}, {"folder", "../x"}}.dump(),
                   api.admin());
  CHECK(res.status == 400);
  CHECK(c.get("/api/articles/existing.md", api.admin()).json()["folder"] == "");
  CHECK(c.put("/api/articles/missing.md", json{{"title", "M"}, {"content", "x"}}.dump(), api.admin()).status == 404);
}

TEST_CASE("listing filters by folder (with subfolders) and title, and pages with limit/offset") {
  ApiFixture api;
  auto& c = api.client();
  api.create_article("Root Doc", "x");
  api.create_article("Guide One", "x", "guides");
  api.create_article("Guide Two", "x", "guides/advanced");
  api.create_article("Other", "x", "guidesx");
  CHECK(c.get("/api/articles?folder=guides", api.admin()).json().size() == 2);
  CHECK(c.get("/api/articles?folder=GUIDES", api.admin()).json().size() == 2);  // case-insensitive
  CHECK(c.get("/api/articles?folder=", api.admin()).json().size() == 1);         // root only
  CHECK(c.get("/api/articles?folder=%2F", api.admin()).json().size() == 1);
  CHECK(c.get("/api/articles?q=guide", api.admin()).json().size() == 2);
  CHECK(c.get("/api/articles?q=guide&folder=guides%2Fadvanced", api.admin()).json().size() == 1);
  CHECK(c.get("/api/articles?q=%25", api.admin()).json().empty());  // '%' is literal, not a wildcard

  auto page = c.get("/api/articles?limit=3", api.admin());
  CHECK(page.json().size() == 3);
  CHECK(page.header("X-Total-Count") == "4");
  auto rest = c.get("/api/articles?limit=3&offset=3", api.admin());
  REQUIRE(rest.json().size() == 1);
  CHECK(rest.json()[0]["filename"] == "root-doc.md");  // newest first
  CHECK(c.get("/api/articles?limit=0", api.admin()).status == 400);
  CHECK(c.get("/api/articles?limit=abc", api.admin()).status == 400);
  CHECK(c.get("/api/articles?offset=-1", api.admin()).status == 400);
  CHECK(c.get("/api/articles?limit=1001", api.admin()).status == 400);
}

TEST_CASE("versions: list, get, restore, delete: every write adds exactly one") {
  ApiFixture api;
  auto& c = api.client();
  api.create_article("Doc", "first");
  CHECK(api.version_count("doc") == 1);
  REQUIRE(c.put("/api/articles/doc.md", json{{"title", "Doc"}, {"content", "second"}, {"message", "edit 2"}}.dump(),
                api.admin()).status == 200);
  CHECK(api.version_count("doc") == 2);

  auto list = c.get("/api/articles/doc.md/versions", api.admin());
  REQUIRE(list.status == 200);
  const auto versions = list.json();
  REQUIRE(versions.size() == 2);
  const auto& newest = versions[0];
  CHECK(newest["versionId"] == "v2");
  CHECK(newest["message"] == "edit 2");
  CHECK(newest["filename"] == "v2.md");
  CHECK(newest["size"] == 6);
  CHECK(newest["hash"].get<std::string>().size() == 64);
  CHECK(versions[1]["message"] == "Initial version");

  auto v1 = c.get("/api/articles/doc.md/versions/v1", api.admin());
  REQUIRE(v1.status == 200);
  CHECK(v1.json()["content"] == "first");
  CHECK(v1.json()["filename"] == "doc.md");
  CHECK(c.get("/api/articles/doc.md/versions/1", api.admin()).json()["content"] == "first");
  CHECK(c.get("/api/articles/doc.md/versions/v9", api.admin()).status == 404);
  CHECK(c.get("/api/articles/doc.md/versions/bogus", api.admin()).status == 404);
  CHECK(c.get("/api/articles/nope.md/versions", api.admin()).status == 404);  // the reference answered 500

  auto restored = c.put("/api/articles/doc.md/versions/v1/restore", "", api.admin());  // empty body is fine
  REQUIRE(restored.status == 200);
  CHECK(restored.json()["content"] == "first");
  CHECK(api.version_count("doc") == 3);
  CHECK(c.get("/api/articles/doc.md/versions", api.admin()).json()[0]["message"] == "Restore to v1");
  CHECK(c.put("/api/articles/doc.md/versions/v42/restore", "{}", api.admin()).status == 404);
  CHECK(c.put("/api/articles/doc.md/versions/xyz/restore", "{}", api.admin()).status == 400);
  CHECK(c.put("/api/articles/doc.md/versions/v1/restore", "{bad", api.admin()).status == 400);

  CHECK(c.del("/api/articles/doc.md/versions/v2", api.admin()).status == 200);
  CHECK(c.del("/api/articles/doc.md/versions/v2", api.admin()).status == 404);
  CHECK(api.version_count("doc") == 2);
  CHECK(c.request("DELETE", "/api/articles/doc.md/versions", R"({"versionIds":["v1"]})",
                  {api.admin(), false, std::chrono::seconds(10)}).status == 200);
  CHECK(api.version_count("doc") == 1);
  CHECK(c.del("/api/articles/doc.md/versions", api.admin()).json()["success"] == true);
  CHECK(api.version_count("doc") == 0);
}

TEST_CASE("public articles: flag, public read without a token, and 404 otherwise") {
  ApiFixture api;
  auto& c = api.client();
  api.create_article("Shared", "hello");
  CHECK(c.get("/api/public-articles/shared").status == 404);
  CHECK(c.post_json("/api/articles/shared.md/public", {{"isPublic", "yes"}}, api.admin()).json()["error"] ==
        "isPublic must be a boolean");
  auto made = c.post_json("/api/articles/shared.md/public", {{"isPublic", true}}, api.admin());
  REQUIRE(made.status == 200);
  CHECK(made.json() == json{{"success", true}, {"isPublic", true}});
  auto pub = c.get("/api/public-articles/shared");
  REQUIRE(pub.status == 200);
  CHECK(pub.json()["isPublic"] == true);
  CHECK(pub.json()["content"] == "hello");
  CHECK(c.get("/api/public-articles/shared.md").status == 200);
  CHECK(c.get("/api/articles/shared.md/public-status", api.admin()).json()["isPublic"] == true);
  CHECK(c.post_json("/api/articles/missing.md/public", {{"isPublic", true}}, api.admin()).status == 404);
  CHECK(c.get("/api/public-articles/missing").status == 404);
  CHECK(api.version_count("shared") == 2);
}

TEST_CASE("folders: list, rename with subfolders, delete to the root") {
  ApiFixture api;
  auto& c = api.client();
  api.create_article("A", "x", "test-folder-1");
  api.create_article("B", "x", "test-folder-1/sub");
  api.create_article("C", "x", "nested/test-folder");
  CHECK(c.get("/api/folders", api.admin()).json() == json{"nested/test-folder", "test-folder-1", "test-folder-1/sub"});

  auto renamed = c.put("/api/folders/manage/test-folder-1", json{{"newName", "test-folder-2"}}.dump(), api.admin());
  REQUIRE(renamed.status == 200);
  CHECK(renamed.json()["updatedCount"] == 2);
  CHECK(renamed.json()["message"] == "Folder renamed successfully. 2 articles updated.");
  CHECK(c.get("/api/folders", api.admin()).json() == json{"nested/test-folder", "test-folder-2", "test-folder-2/sub"});
  CHECK(api.version_count("a") == 2);

  CHECK(c.put("/api/folders/manage/nope", json{{"newName", "x"}}.dump(), api.admin()).status == 404);
  CHECK(c.put("/api/folders/manage/test-folder-2", json{{"newName", " "}}.dump(), api.admin()).status == 400);
  CHECK(c.put("/api/folders/manage/test-folder-2", json{{"newName", "../x"}}.dump(), api.admin()).status == 400);

  // Nested folders arrive encoded or as plain segments.
  auto nested = c.put("/api/folders/manage/nested%2Ftest-folder", json{{"newName", "flat"}}.dump(), api.admin());
  CHECK(nested.status == 200);
  auto deleted = c.del("/api/folders/manage/test-folder-2/sub", api.admin());
  REQUIRE(deleted.status == 200);
  CHECK(deleted.json()["updatedCount"] == 1);
  CHECK(c.get("/api/articles/b.md", api.admin()).json()["folder"] == "");
  CHECK(c.del("/api/folders/manage/test-folder-2/sub", api.admin()).status == 404);
  CHECK(c.get("/api/folders", api.admin()).json() == json{"flat", "test-folder-2"});
}

TEST_CASE("health: public form for everyone, detailed form for the admin token") {
  ApiFixture api;
  auto& c = api.client();
  auto open = c.get("/health");
  REQUIRE(open.status == 200);
  CHECK(open.json()["status"] == "ok");
  CHECK(open.json()["database"]["healthy"] == true);
  CHECK_FALSE(open.json().contains("storage"));
  auto key = api.create_key("reader", "read-only");
  CHECK_FALSE(c.get("/health", ApiFixture::bearer(key)).json().contains("storage"));

  auto detailed = c.get("/health", api.admin());
  REQUIRE(detailed.status == 200);
  const auto body = detailed.json();
  CHECK(body["storage"]["backend"] == "sqlite");
  CHECK(body["queue"]["strategy"] == "recording");
  CHECK(body["index"]["totalArticles"] == 0);
  CHECK(body["services"]["semanticSearch"] == true);
  CHECK(body["runtime"]["generation"] == 1);
  CHECK(body.contains("provider"));
}
