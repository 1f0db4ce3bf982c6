// Importing a real folder of markdown files: frontmatter (LF and CRLF), nested folders, slugs from
// file names, `created`/`public` honoured, versions written, each conflict policy, the dry run, and
// the /api/import routes.
#include <catch2/catch.hpp>

#include <thread>

#include "api_fixture.hpp"
#include "articles/importer.hpp"
#include "common/clock.hpp"
#include "support/wait_until.hpp"

using vellum::test::ApiFixture;
using json = nlohmann::json;
namespace articles = vellum::articles;

namespace {

// The reference project's import fixtures, plus what it could not handle.
void write_tree(const vellum::test::TempDir& dir, const std::string& root = "import") {
  dir.write(root + "/simple-test-article.md",
            "---\ntitle: Simple Test Article\ncreated: 2024-01-15T10:30:00Z\npublic: true\ntags: [demo]\n---\n\n"
            "# Simple Test Article\n\nBody.\n");
  dir.write(root + "/no-frontmatter.md", "# Article Without Frontmatter\n\nText.\n");
  dir.write(root + "/subfolder/nested-article.md", "---\r\ntitle: Nested Article\r\n---\r\nCRLF body\r\n");
  dir.write(root + "/subfolder/deeper/Manual Test Slug.md", "---\ntitle: Manual Test Title\nfolder: chosen\n---\nx\n");
  dir.write(root + "/notes.txt", "not markdown");
  dir.write(root + "/.hidden/secret.md", "# Hidden\n");
  dir.write(root + "/broken.md", "---\ntitle: [unclosed\n---\nx\n");
}

std::filesystem::path import_dir(const ApiFixture& api) { return api.dir() / "import"; }

}  // namespace

TEST_CASE("import: frontmatter, folders, filename slugs, created/public honoured, one version each") {
  ApiFixture api;
  write_tree(api.dir());
  auto& c = api.client();
  auto started = c.post("/api/import/start", "", api.admin());
  REQUIRE(started.status == 200);
  CHECK(started.json() == json{{"success", true}});
  json status;
  for (int i = 0; i < 100; ++i) {
    status = c.get("/api/import/status", api.admin()).json();
    if (status["phase"] == "completed" || status["phase"] == "error") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  INFO(status.dump(2));
  REQUIRE(status["phase"] == "completed");
  CHECK(status["dataDirAvailable"] == true);
  const auto& result = status["result"];
  CHECK(result["imported"] == 4);
  CHECK(result["skipped"] == 0);
  REQUIRE(result["errors"].size() == 1);
  CHECK(result["errors"][0]["sourceFilename"] == "broken.md");
  CHECK(result["errors"][0]["type"] == "parse");

  auto simple = c.get("/api/articles/simple-test-article.md", api.admin()).json();
  CHECK(simple["title"] == "Simple Test Article");
  CHECK(simple["created"] == "2024-01-15T10:30:00.000Z");
  CHECK(simple["isPublic"] == true);
  CHECK(simple["metadata"]["tags"] == json{"demo"});
  CHECK(simple["content"].get<std::string>().rfind("---\ntitle: Simple Test Article", 0) == 0);
  CHECK(c.get("/api/public-articles/simple-test-article").status == 200);

  auto plain = c.get("/api/articles/no-frontmatter.md", api.admin()).json();  // slug from the file name
  CHECK(plain["title"] == "Article Without Frontmatter");
  CHECK(plain["folder"] == "");
  auto nested = c.get("/api/articles/nested-article.md", api.admin()).json();
  CHECK(nested["title"] == "Nested Article");
  CHECK(nested["folder"] == "subfolder");
  auto manual = c.get("/api/articles/manual-test-slug.md", api.admin()).json();
  CHECK(manual["title"] == "Manual Test Title");
  CHECK(manual["folder"] == "chosen");  // frontmatter folder wins over the directory
  CHECK(c.get("/api/articles/hidden.md", api.admin()).status == 404);

  auto versions = c.get("/api/articles/nested-article.md/versions", api.admin()).json();
  REQUIRE(versions.size() == 1);
  CHECK(versions[0]["message"] == "Imported from subfolder/nested-article.md");
  CHECK(versions[0]["createdBy"] == "admin");
  CHECK(api.tasks().size() == 4);  // imported articles are queued for embedding like any other write
}

TEST_CASE("import: dry run lists conflicts and errors and writes nothing: validate route") {
  ApiFixture api;
  write_tree(api.dir());
  api.create_article("Existing", "# Whatever\nold", "");
  api.client().post_json("/api/articles/existing.md/rename-slug", {{"newSlug", "no-frontmatter"}}, api.admin());
  auto res = api.client().post("/api/import/validate", "", api.admin());
  REQUIRE(res.status == 200);
  const auto body = res.json();
  CHECK(body["valid"] == false);
  CHECK(body["totalFiles"] == 5);
  REQUIRE(body["conflicts"].size() == 1);
  CHECK(body["conflicts"][0] == json{{"sourceFilename", "no-frontmatter.md"},
                                     {"existingTitle", "Existing"},
                                     {"newTitle", "Article Without Frontmatter"},
                                     {"existingSlug", "no-frontmatter"},
                                     {"newSlug", "no-frontmatter"},
                                     {"type", "slug"}});
  CHECK(body["errors"].size() == 1);
  CHECK(api.client().get("/api/articles", api.admin()).json().size() == 1);
  CHECK(api.client().get("/api/import/status", api.admin()).json()["phase"] == "idle");
}

TEST_CASE("import: conflict policies skip, overwrite and rename") {
  ApiFixture api;
  api.dir().write("import/doc.md", "---\ntitle: Imported Doc\n---\nnew body\n");
  api.dir().write("import/a/same.md", "# Same A\n");
  api.dir().write("import/b/same.md", "# Same B\n");
  api.create_article("Doc", "old body");

  auto run = [&](articles::ConflictPolicy policy) {
    vellum::plugins::RuntimeHolder holder;
    auto runtime = std::make_shared<vellum::plugins::Runtime>();
    runtime->storage.object = std::shared_ptr<vellum::sdk::StorageBackend>(&api.storage(), [](auto*) {});
    holder.publish(runtime);
    articles::ArticleService articles_service(holder, {});
    articles::ImportOptions options;
    options.policy = policy;
    options.actor = "test";
    auto report = articles::import_directory(articles_service, import_dir(api), options);
    REQUIRE(report.ok());
    return report.value();
  };

  SECTION("skip keeps the existing article; same-named files in two folders: the second is skipped") {
    auto report = run(articles::ConflictPolicy::skip);
    CHECK(report.imported == 1);
    CHECK(report.skipped == 2);
    CHECK(report.conflicts.size() == 2);
    CHECK(api.client().get("/api/articles/doc.md", api.admin()).json()["content"] == "old body");
    CHECK(api.client().get("/api/articles/same.md", api.admin()).json()["folder"] == "a");
  }
  SECTION("overwrite replaces the existing article (keeping its slug) and adds a version") {
    auto report = run(articles::ConflictPolicy::overwrite);
    CHECK(report.overwritten == 1);
    CHECK(report.imported == 2);  // the second same.md is renamed, never overwrites the first
    CHECK(report.renamed == 1);
    auto doc = api.client().get("/api/articles/doc.md", api.admin()).json();
    CHECK(doc["title"] == "Imported Doc");
    CHECK(doc["modifiedBy"] == "test");
    CHECK(api.version_count("doc") == 2);
    CHECK(api.client().get("/api/articles/same-2.md", api.admin()).json()["folder"] == "b");
  }
  SECTION("rename imports under the next free slug") {
    auto report = run(articles::ConflictPolicy::rename);
    CHECK(report.imported == 3);
    CHECK(report.renamed == 2);
    CHECK(api.client().get("/api/articles/doc.md", api.admin()).json()["content"] == "old body");
    CHECK(api.client().get("/api/articles/doc-2.md", api.admin()).json()["title"] == "Imported Doc");
    CHECK(api.client().get("/api/articles/same-2.md", api.admin()).status == 200);
  }
}

TEST_CASE("import: links to files outside the import directory are not followed") {
  ApiFixture api;
  api.dir().write("outside/secret.md", "# Secret\n");
  api.dir().write("import/inside.md", "# Inside\n");
  std::filesystem::create_symlink(api.dir() / "outside" / "secret.md", import_dir(api) / "leak.md");
  std::filesystem::create_symlink(import_dir(api) / "inside.md", import_dir(api) / "alias.md");
  auto res = api.client().post("/api/import/validate", "", api.admin());
  REQUIRE(res.status == 200);
  CHECK(res.json()["totalFiles"] == 2);  // inside.md and the link to it; not leak.md
}

TEST_CASE("import: a link inside the import directory is followed only to a markdown file") {
  ApiFixture api;
  // What an attacker would aim at: the admin token and the database, reached by a link named *.md.
  api.dir().write("import/admin-token", "generated-secret-token-value");
  api.dir().write("import/inside.md", "# Inside\n");
  std::filesystem::create_symlink(import_dir(api) / "admin-token", import_dir(api) / "token.md");
  std::filesystem::create_symlink(api.dir() / "import", import_dir(api) / "loop.md");
  auto res = api.client().post("/api/import/start", "", api.admin());
  REQUIRE(res.status == 200);
  json status;
  REQUIRE(vellum::test::wait_until([&] {
    status = api.client().get("/api/import/status", api.admin()).json();
    return status["phase"] == "completed";
  }));
  CHECK(status["result"]["imported"] == 1);
  CHECK(api.client().get("/api/articles/token.md", api.admin()).status == 404);
  auto listed = api.client().get("/api/articles", api.admin()).body;
  CHECK_THAT(listed, !Catch::Contains("generated-secret-token-value"));
}

TEST_CASE("import: a missing directory is reported") {
  ApiFixture api;
  auto status = api.client().get("/api/import/status", api.admin()).json();
  CHECK(status["phase"] == "idle");
  CHECK(status["dataDirAvailable"] == false);
  CHECK(api.client().post("/api/import/validate", "", api.admin()).status == 404);
}
