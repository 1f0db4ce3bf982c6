// Keyword, semantic and hybrid search over real plugins, with folder filters, one chunk per
// article, and a visible degraded mode when the provider is down.
#include <catch2/catch.hpp>

#include "fake_ollama.hpp"
#include "search_rig.hpp"

using vellum::search::SearchMode;
using vellum::search::SearchQuery;
using vellum::test::FakeOllama;
using vellum::test::Fault;
using vellum::test::SearchRig;
namespace sdk = vellum::sdk;

namespace {

SearchQuery query_of(std::string text, SearchMode mode, std::size_t k = 5) {
  SearchQuery q;
  q.text = std::move(text);
  q.mode = mode;
  q.k = k;
  return q;
}

void seed(SearchRig& rig) {
  std::vector<sdk::ArticleId> ids{
      rig.add_article("postgres-setup", "PostgreSQL setup", "# PostgreSQL\n\nConfigure the postgres backend with a "
                                                            "connection string and a pool size.", "ops/db"),
      rig.add_article("sqlite-notes", "SQLite notes", "# SQLite\n\nThe embedded database keeps one file in WAL mode.",
                      "ops/db"),
      rig.add_article("cake", "Chocolate cake", "# Cake\n\nMelt chocolate, fold in flour and bake for forty minutes.",
                      "kitchen"),
      rig.add_article("garden", "Garden diary", "# Tomatoes\n\nWater the tomatoes every morning in July.", ""),
  };
  for (const auto& outcome : rig.pipeline.index_articles(ids, {})) REQUIRE(outcome.status.ok());
}

}  // namespace

TEST_CASE("the three modes find the relevant article first") {
  SearchRig rig("local");
  seed(rig);
  for (auto mode : {SearchMode::keyword, SearchMode::semantic, SearchMode::hybrid}) {
    auto found = rig.search.search(query_of("configure postgres connection", mode));
    REQUIRE(found.ok());
    REQUIRE_FALSE(found.value().hits.empty());
    CHECK(found.value().hits[0].article.slug == "postgres-setup");
    CHECK_FALSE(found.value().degraded);
  }
  auto hybrid = rig.search.search(query_of("chocolate cake", SearchMode::hybrid));
  REQUIRE(hybrid.ok());
  CHECK(hybrid.value().hits[0].keyword_match);
  CHECK(hybrid.value().hits[0].semantic_match);
}

TEST_CASE("a folder filter includes subfolders, root-only is \"\", and each article appears once") {
  SearchRig rig("local");
  seed(rig);
  auto in_ops = query_of("database", SearchMode::hybrid, 10);
  in_ops.folder = "ops";
  auto found = rig.search.search(in_ops);
  REQUIRE(found.ok());
  REQUIRE(found.value().hits.size() == 2);
  for (const auto& hit : found.value().hits) CHECK(hit.article.folder == "ops/db");

  auto root = query_of("tomatoes water", SearchMode::semantic, 10);
  root.folder = "";
  auto at_root = rig.search.search(root);
  REQUIRE(at_root.ok());
  for (const auto& hit : at_root.value().hits) CHECK(hit.article.folder.empty());
}

TEST_CASE("bad queries are invalid arguments") {
  SearchRig rig("local");
  CHECK(rig.search.search(query_of("", SearchMode::hybrid)).error().kind == sdk::ErrorKind::invalid_argument);
  CHECK(rig.search.search(query_of("x", SearchMode::hybrid, 0)).error().kind == sdk::ErrorKind::invalid_argument);
  CHECK(rig.search.search(query_of("x", SearchMode::hybrid, 101)).error().kind == sdk::ErrorKind::invalid_argument);
  CHECK(rig.search.search(query_of(std::string("x\"\0y", 4), SearchMode::keyword)).error().kind ==
        sdk::ErrorKind::invalid_argument);
  // FTS syntax in a query is just text.
  CHECK(rig.search.search(query_of("\"unbalanced AND (", SearchMode::keyword)).ok());
}

TEST_CASE("with the provider down, semantic search says why and hybrid degrades to keywords") {
  FakeOllama fake({.dimensions = 16});
  SearchRig rig("ollama", {{"base_url", fake.base_url()}, {"dimensions", "16"}});
  seed(rig);
  fake.fail_always(Fault::server_error());

  auto semantic = rig.search.search(query_of("postgres", SearchMode::semantic));
  REQUIRE_FALSE(semantic.ok());
  CHECK(semantic.error().kind == sdk::ErrorKind::unavailable);
  // The classification only: the provider's own words (its URL, what it echoes) go to the log.
  CHECK(semantic.error().message == "semantic search unavailable (transient, retryable)");

  auto hybrid = rig.search.search(query_of("postgres", SearchMode::hybrid));
  REQUIRE(hybrid.ok());
  CHECK(hybrid.value().degraded);
  CHECK(hybrid.value().degraded_reason == "semantic search unavailable (transient, retryable)");
  REQUIRE_FALSE(hybrid.value().hits.empty());
  CHECK(hybrid.value().hits[0].article.slug == "postgres-setup");
  CHECK_FALSE(hybrid.value().hits[0].semantic_match);

  // Credentials refused upstream: the body that may echo a key never reaches the caller.
  fake.fail_always(Fault::unauthorized());
  auto refused = rig.search.search(query_of("postgres", SearchMode::hybrid));
  REQUIRE(refused.ok());
  CHECK(refused.value().degraded_reason == "semantic search unavailable (unauthenticated)");
  auto refused_semantic = rig.search.search(query_of("postgres", SearchMode::semantic));
  REQUIRE_FALSE(refused_semantic.ok());
  CHECK_THAT(refused_semantic.error().message, !Catch::Contains(fake.base_url()) && !Catch::Contains("HTTP"));
}

TEST_CASE("keyword mode's first k hits are the first k of a longer answer, in the same order") {
  SearchRig rig("local");
  std::vector<sdk::ArticleId> ids;
  // "lantern" appears once to six times: bm25 orders them by how often, and no two score alike.
  for (int n = 1; n <= 6; ++n) {
    std::string body = "# Note\n\n";
    for (int i = 0; i < n; ++i) body += "lantern ";
    body += "and some other words about the evening walk.";
    ids.push_back(rig.add_article("lantern-" + std::to_string(n), "Note " + std::to_string(n), body, ""));
  }
  for (const auto& outcome : rig.pipeline.index_articles(ids, {})) REQUIRE(outcome.status.ok());
  auto slugs = [&](std::size_t k) {
    auto found = rig.search.search(query_of("lantern", SearchMode::keyword, k));
    REQUIRE(found.ok());
    std::vector<std::string> out;
    for (const auto& hit : found.value().hits) out.push_back(hit.article.slug);
    return out;
  };
  const auto all = slugs(10);
  REQUIRE(all.size() == 6);
  const auto top2 = slugs(2);
  CHECK(top2 == std::vector<std::string>(all.begin(), all.begin() + 2));
}
