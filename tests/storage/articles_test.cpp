// Storage conformance: articles — insert, update, find, remove, list filters, folders.
#include <catch2/catch.hpp>

#include "storage/backend_fixture.hpp"
#include "storage/storage_test_helpers.hpp"

using namespace vellum;
using namespace vellum::test;

TEST_CASE("articles: insert returns the stored row, found by id and by slug", "[storage][articles]") {
  StorageFixture fx;
  auto d = draft("hello-world", "Hello World", "# Hello\nbody", "docs/guides", at(10));
  d.metadata_json = R"({"tags":["a"]})";
  d.is_public = true;
  const auto article = add_article(fx.backend(), d);

  CHECK(article.id > 0);
  CHECK(article.slug == "hello-world");
  CHECK(article.title == "Hello World");
  CHECK(article.content == "# Hello\nbody");
  CHECK(article.folder == "docs/guides");
  CHECK(article.metadata_json == R"({"tags":["a"]})");
  CHECK(article.is_public);
  CHECK_FALSE(article.no_rag);
  CHECK(article.created_at == at(10));
  CHECK(article.updated_at == at(10));
  CHECK(article.created_by == std::optional<std::string>("admin"));
  CHECK(article.updated_by == std::optional<std::string>("admin"));

  auto by_id = ok(read(fx.backend(), [&](sdk::Repositories& r) { return r.articles().find_by_id(article.id); }));
  REQUIRE(by_id);
  CHECK(by_id->slug == "hello-world");
  auto by_slug = ok(read(fx.backend(), [&](sdk::Repositories& r) { return r.articles().find_by_slug("hello-world"); }));
  REQUIRE(by_slug);
  CHECK(by_slug->id == article.id);
  auto missing = ok(read(fx.backend(), [&](sdk::Repositories& r) { return r.articles().find_by_slug("nope"); }));
  CHECK_FALSE(missing);
}

TEST_CASE("articles: a taken slug is a conflict, on insert and on update", "[storage][articles]") {
  StorageFixture fx;
  add_article(fx.backend(), draft("taken"));
  const auto other = add_article(fx.backend(), draft("other"));

  auto again = write(fx.backend(), [&](sdk::Repositories& r) { return r.articles().insert(draft("taken")); });
  CHECK(error_kind(again) == sdk::ErrorKind::conflict);
  auto renamed = write(fx.backend(), [&](sdk::Repositories& r) { return r.articles().update(other.id, draft("taken")); });
  CHECK(error_kind(renamed) == sdk::ErrorKind::conflict);
  CHECK(ok(read(fx.backend(), [](sdk::Repositories& r) { return r.articles().count({}); })) == 2);
}

TEST_CASE("articles: update replaces fields, keeps created_at/created_by, touches updated_at on request",
          "[storage][articles]") {
  StorageFixture fx;
  const auto article = add_article(fx.backend(), draft("a", "A", "one", "", at(1)));

  auto d = draft("a-renamed", "A renamed", "two", "x/y", at(5));
  d.actor = "token-1";
  d.no_rag = true;
  auto updated = ok(write(fx.backend(), [&](sdk::Repositories& r) { return r.articles().update(article.id, d); }));
  CHECK(updated.id == article.id);
  CHECK(updated.slug == "a-renamed");
  CHECK(updated.content == "two");
  CHECK(updated.folder == "x/y");
  CHECK(updated.no_rag);
  CHECK(updated.created_at == at(1));
  CHECK(updated.created_by == std::optional<std::string>("admin"));
  CHECK(updated.updated_at == at(5));
  CHECK(updated.updated_by == std::optional<std::string>("token-1"));

  // Flag-only change: "modified" must stay.
  d.is_public = true;
  d.now = at(9);
  d.touch_updated_at = false;
  updated = ok(write(fx.backend(), [&](sdk::Repositories& r) { return r.articles().update(article.id, d); }));
  CHECK(updated.is_public);
  CHECK(updated.updated_at == at(5));

  auto missing = write(fx.backend(), [&](sdk::Repositories& r) { return r.articles().update(article.id + 100, d); });
  CHECK(error_kind(missing) == sdk::ErrorKind::not_found);
}

TEST_CASE("articles: remove cascades to versions, chunks and tasks", "[storage][articles]") {
  StorageFixture fx;
  const auto article = add_article(fx.backend(), draft("doomed"));
  const auto keep = add_article(fx.backend(), draft("kept"));
  ok(write(fx.backend(), [&](sdk::Repositories& r) -> sdk::Status {
    for (const auto& a : {article, keep}) {
      sdk::ArticleVersion v;
      v.article_id = a.id;
      v.title = a.title;
      v.content = a.content;
      if (auto s = r.versions().append(v); !s) return s.error();
      auto set = r.embedding_sets().find_or_create("local", "hash", 3, at(0));
      if (!set) return set.error();
      sdk::Chunk c;
      c.chunk_id = a.slug + ".md#0";
      c.text = "t";
      c.vector = {1, 2, 3};
      if (auto s = r.chunks().replace_article_chunks(set->id, a.id, {c}); !s) return s;
      sdk::TaskDraft t;
      t.article_id = a.id;
      t.slug = a.slug;
      t.now = at(0);
      if (auto s = r.tasks().enqueue(t); !s) return s.error();
    }
    return sdk::ok_status();
  }));

  ok(write(fx.backend(), [&](sdk::Repositories& r) { return r.articles().remove(article.id); }));

  ok(read(fx.backend(), [&](sdk::Repositories& r) -> sdk::Status {
    CHECK_FALSE(ok(r.articles().find_by_id(article.id)));
    CHECK(ok(r.versions().list(article.id)).empty());
    CHECK(ok(r.versions().list(keep.id)).size() == 1);
    auto set = ok(r.embedding_sets().list()).front();
    CHECK(ok(r.chunks().article_chunks(set.id, article.id, false)).empty());
    CHECK(ok(r.chunks().indexed_articles(set.id)) == std::vector<sdk::ArticleId>{keep.id});
    sdk::TaskQuery q;
    q.article_id = article.id;
    CHECK(ok(r.tasks().list(q)).empty());
    CHECK(ok(r.tasks().list({})).size() == 1);
    return sdk::ok_status();
  }));

  auto again = write(fx.backend(), [&](sdk::Repositories& r) { return r.articles().remove(article.id); });
  CHECK(error_kind(again) == sdk::ErrorKind::not_found);
}

TEST_CASE("articles: list is newest update first, with folder, title and public filters and paging",
          "[storage][articles]") {
  StorageFixture fx;
  add_article(fx.backend(), draft("root-1", "Root One", "x", "", at(1)));
  add_article(fx.backend(), draft("docs-1", "Docs Intro", "x", "docs", at(2)));
  add_article(fx.backend(), draft("docs-2", "Deep Guide", "x", "docs/deep", at(3)));
  add_article(fx.backend(), draft("docsy-1", "Not Docs", "x", "docsy", at(4)));
  auto pub = draft("pub", "Public Guide", "x", "", at(5));
  pub.is_public = true;
  add_article(fx.backend(), pub);

  auto slugs = [&](const sdk::ArticleFilter& f) {
    std::vector<std::string> out;
    for (const auto& a : ok(read(fx.backend(), [&](sdk::Repositories& r) { return r.articles().list(f); })))
      out.push_back(a.slug);
    return out;
  };
  auto count = [&](const sdk::ArticleFilter& f) {
    return ok(read(fx.backend(), [&](sdk::Repositories& r) { return r.articles().count(f); }));
  };

  CHECK(slugs({}) == std::vector<std::string>{"pub", "docsy-1", "docs-2", "docs-1", "root-1"});
  CHECK(count({}) == 5);

  sdk::ArticleFilter root;
  root.folder = "";
  CHECK(slugs(root) == std::vector<std::string>{"pub", "root-1"});

  sdk::ArticleFilter docs;
  docs.folder = "docs";  // docs and its subfolders, not "docsy"
  CHECK(slugs(docs) == std::vector<std::string>{"docs-2", "docs-1"});
  CHECK(count(docs) == 2);
  docs.folder = "DOCS";  // case-insensitive
  CHECK(slugs(docs) == std::vector<std::string>{"docs-2", "docs-1"});

  sdk::ArticleFilter title;
  title.title_query = "guide";  // case-insensitive substring
  CHECK(slugs(title) == std::vector<std::string>{"pub", "docs-2"});
  title.title_query = "%";  // LIKE wildcards are literal
  CHECK(slugs(title).empty());

  sdk::ArticleFilter only_public;
  only_public.is_public = true;
  CHECK(slugs(only_public) == std::vector<std::string>{"pub"});

  sdk::ArticleFilter page;
  page.limit = 2;
  page.offset = 1;
  CHECK(slugs(page) == std::vector<std::string>{"docsy-1", "docs-2"});
  CHECK(count(page) == 5);  // count ignores paging

  auto summary = ok(read(fx.backend(), [&](sdk::Repositories& r) { return r.articles().list(only_public); })).front();
  CHECK(summary.title == "Public Guide");
  CHECK(summary.is_public);
  CHECK(summary.created_at == at(5));
  CHECK(summary.updated_by == std::optional<std::string>("admin"));
}

TEST_CASE("articles: list_ids pages through ids in ascending order", "[storage][articles]") {
  StorageFixture fx;
  std::vector<sdk::ArticleId> ids;
  for (int i = 0; i < 5; ++i) ids.push_back(add_article(fx.backend(), draft("a" + std::to_string(i))).id);
  auto first = ok(read(fx.backend(), [&](sdk::Repositories& r) { return r.articles().list_ids(0, 3); }));
  CHECK(first == std::vector<sdk::ArticleId>{ids[0], ids[1], ids[2]});
  auto rest = ok(read(fx.backend(), [&](sdk::Repositories& r) { return r.articles().list_ids(first.back(), 3); }));
  CHECK(rest == std::vector<sdk::ArticleId>{ids[3], ids[4]});
}

TEST_CASE("articles: folders are distinct, sorted and never the root", "[storage][articles][folders]") {
  StorageFixture fx;
  add_article(fx.backend(), draft("a", "", "x", "b/c"));
  add_article(fx.backend(), draft("b", "", "x", "a"));
  add_article(fx.backend(), draft("c", "", "x", "a"));
  add_article(fx.backend(), draft("d", "", "x", ""));
  auto folders = ok(read(fx.backend(), [](sdk::Repositories& r) { return r.articles().folders(); }));
  CHECK(folders == std::vector<std::string>{"a", "b/c"});
}

TEST_CASE("articles: move_folder moves a folder, optionally with its subfolders", "[storage][articles][folders]") {
  StorageFixture fx;
  const auto top = add_article(fx.backend(), draft("top", "", "x", "a", at(1)));
  const auto sub = add_article(fx.backend(), draft("sub", "", "x", "a/b", at(1)));
  const auto near = add_article(fx.backend(), draft("near", "", "x", "a_b", at(1)));
  const auto other = add_article(fx.backend(), draft("other", "", "x", "ab", at(1)));
  auto folder_of = [&](sdk::ArticleId id) {
    return ok(read(fx.backend(), [&](sdk::Repositories& r) { return r.articles().find_by_id(id); }))->folder;
  };

  SECTION("exact folder only") {
    auto moved = ok(write(fx.backend(), [&](sdk::Repositories& r) { return r.articles().move_folder("a", "z", false, at(7)); }));
    CHECK(moved == 1);
    CHECK(folder_of(top.id) == "z");
    CHECK(folder_of(sub.id) == "a/b");
    auto a = ok(read(fx.backend(), [&](sdk::Repositories& r) { return r.articles().find_by_id(top.id); }));
    CHECK(a->updated_at == at(7));
  }
  SECTION("with subfolders, keeping their tails") {
    auto moved = ok(write(fx.backend(), [&](sdk::Repositories& r) { return r.articles().move_folder("a", "x/y", true, at(7)); }));
    CHECK(moved == 2);
    CHECK(folder_of(top.id) == "x/y");
    CHECK(folder_of(sub.id) == "x/y/b");
    CHECK(folder_of(near.id) == "a_b");
    CHECK(folder_of(other.id) == "ab");
  }
  SECTION("to the root") {
    auto moved = ok(write(fx.backend(), [&](sdk::Repositories& r) { return r.articles().move_folder("a", "", true, at(7)); }));
    CHECK(moved == 2);
    CHECK(folder_of(top.id) == "");
    CHECK(folder_of(sub.id) == "b");
  }
  SECTION("a folder that does not exist moves nothing") {
    CHECK(ok(write(fx.backend(), [&](sdk::Repositories& r) { return r.articles().move_folder("nope", "z", true, at(7)); })) == 0);
  }
}
