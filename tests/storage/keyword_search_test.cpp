// Storage conformance: keyword search — ranking, snippets, filters, and user input that looks like
// full-text query syntax.
#include <catch2/catch.hpp>

#include "storage/backend_fixture.hpp"
#include "storage/storage_test_helpers.hpp"

using namespace vellum;
using namespace vellum::test;

namespace {
std::vector<std::string> search(sdk::StorageBackend& backend, const std::string& query, sdk::ArticleFilter filter = {},
                                std::size_t limit = 10) {
  std::vector<std::string> out;
  for (const auto& hit : ok(read(backend, [&](sdk::Repositories& r) { return r.articles().keyword_search(query, filter, limit); })))
    out.push_back(hit.slug);
  return out;
}
}  // namespace

TEST_CASE("keyword search: a title match ranks above a body match", "[storage][search]") {
  StorageFixture fx;
  add_article(fx.backend(), draft("body-match", "Cooking notes",
                                  "Some words about kubernetes deployments and other things we did this week"));
  add_article(fx.backend(), draft("title-match", "Kubernetes basics", "An introduction to clusters and pods"));
  add_article(fx.backend(), draft("unrelated", "Gardening", "Tomatoes need sun"));

  auto hits = ok(read(fx.backend(), [](sdk::Repositories& r) { return r.articles().keyword_search("kubernetes", {}, 10); }));
  REQUIRE(hits.size() == 2);
  CHECK(hits[0].slug == "title-match");
  CHECK(hits[1].slug == "body-match");
  CHECK(hits[0].score > hits[1].score);
  CHECK(hits[0].title == "Kubernetes basics");
  CHECK(hits[1].snippet.find("kubernetes") != std::string::npos);
  CHECK(hits[0].article_id > 0);
}

TEST_CASE("keyword search: any term matches, more matching terms rank first, limit and folder filter apply",
          "[storage][search]") {
  StorageFixture fx;
  add_article(fx.backend(), draft("both", "Alpha beta", "x", "docs"));
  add_article(fx.backend(), draft("alpha-only", "Alpha", "x", "docs/sub"));
  add_article(fx.backend(), draft("elsewhere", "Alpha beta gamma", "x", "other"));
  add_article(fx.backend(), draft("unrelated", "Delta", "x", "docs"));

  const auto all = search(fx.backend(), "alpha beta");
  REQUIRE(all.size() == 3);
  CHECK(all.back() == "alpha-only");  // one of the two words ranks after both of them
  sdk::ArticleFilter docs;
  docs.folder = "docs";
  CHECK(search(fx.backend(), "alpha beta", docs) == std::vector<std::string>{"both", "alpha-only"});
  CHECK(search(fx.backend(), "alpha", docs).size() == 2);
  CHECK(search(fx.backend(), "alpha", {}, 1).size() == 1);
  CHECK(search(fx.backend(), "zeta").empty());
}

TEST_CASE("keyword search: the index follows updates and deletes", "[storage][search]") {
  StorageFixture fx;
  const auto a = add_article(fx.backend(), draft("a", "Original title", "first body"));
  CHECK(search(fx.backend(), "original") == std::vector<std::string>{"a"});
  ok(write(fx.backend(), [&](sdk::Repositories& r) { return r.articles().update(a.id, draft("a", "Renamed", "second body")); }));
  CHECK(search(fx.backend(), "original").empty());
  CHECK(search(fx.backend(), "second") == std::vector<std::string>{"a"});
  ok(write(fx.backend(), [&](sdk::Repositories& r) { return r.articles().remove(a.id); }));
  CHECK(search(fx.backend(), "second").empty());
}

TEST_CASE("keyword search: query syntax in user input is searched as text, never an error", "[storage][search]") {
  StorageFixture fx;
  add_article(fx.backend(), draft("quoted", "Say \"hello\" world", "and then (maybe) more* text"));
  for (const std::string query :
       {"\"", "\"hello", "hello\"", "*", "hel*", "AND", "world AND", "OR NOT", "(", "(maybe", "maybe)", "NEAR(a b)",
        "title:hello", "-world", "^hello", "'; DROP TABLE articles; --", "", "   ", "\"\"\"", "a\"b"}) {
    INFO("query: " << query);
    auto hits = read(fx.backend(), [&](sdk::Repositories& r) { return r.articles().keyword_search(query, {}, 10); });
    CHECK(hits.ok());
  }
  CHECK(search(fx.backend(), "\"hello\"") == std::vector<std::string>{"quoted"});
  CHECK(search(fx.backend(), "(maybe)") == std::vector<std::string>{"quoted"});
  CHECK(search(fx.backend(), "more*") == std::vector<std::string>{"quoted"});
  CHECK(search(fx.backend(), "and then") == std::vector<std::string>{"quoted"});
  CHECK(search(fx.backend(), "*").empty());
  CHECK(ok(read(fx.backend(), [](sdk::Repositories& r) { return r.articles().count({}); })) == 1);
}
