// Storage conformance: the embedding set lifecycle (building → active → previous → retired) and
// per-article freshness (which text of each article a set's vectors were made from).
#include <catch2/catch.hpp>

#include "storage/backend_fixture.hpp"
#include "storage/storage_test_helpers.hpp"

using namespace vellum;
using namespace vellum::test;

namespace {

sdk::EmbeddingSet make_set(sdk::StorageBackend& b, const std::string& model) {
  return ok(write(b, [&](sdk::Repositories& r) { return r.embedding_sets().find_or_create("p", model, 4, at(0)); }));
}

sdk::EmbeddingSet get_set(sdk::StorageBackend& b, sdk::EmbeddingSetId id) {
  auto got = ok(read(b, [&](sdk::Repositories& r) { return r.embedding_sets().get(id); }));
  REQUIRE(got);
  return *got;
}

void move_to(sdk::StorageBackend& b, sdk::EmbeddingSetId id, const char* state, double when) {
  ok(write(b, [&](sdk::Repositories& r) { return r.embedding_sets().set_state(id, state, at(when)); }));
}

sdk::SetCoverage coverage(sdk::StorageBackend& b, sdk::EmbeddingSetId id) {
  return ok(read(b, [&](sdk::Repositories& r) { return r.embedding_sets().coverage(id); }));
}

std::vector<sdk::ArticleId> needing(sdk::StorageBackend& b, sdk::EmbeddingSetId id, sdk::ArticleId after = 0,
                                    std::size_t limit = 100) {
  return ok(read(b, [&](sdk::Repositories& r) { return r.embedding_sets().articles_needing(id, after, limit); }));
}

void mark(sdk::StorageBackend& b, sdk::EmbeddingSetId set, const sdk::Article& article, double when) {
  ok(write(b, [&](sdk::Repositories& r) {
    return r.embedding_sets().mark_embedded(set, article.id, "h-" + article.slug, article.updated_at, at(when));
  }));
}

}  // namespace

TEST_CASE("embedding sets: entering and leaving active stamps the set, other moves keep the stamps",
          "[storage][embedding_sets]") {
  StorageFixture fx;
  auto& b = fx.backend();
  const auto set = make_set(b, "m1");
  CHECK(set.state == "building");
  CHECK_FALSE(set.activated_at);
  CHECK_FALSE(set.deactivated_at);
  CHECK(set.provider_plugin.empty());
  CHECK(set.provider_settings_json == "{}");

  move_to(b, set.id, "active", 10);
  CHECK(get_set(b, set.id).activated_at == at(10));
  move_to(b, set.id, "active", 11);  // already active: the stamp stays
  CHECK(get_set(b, set.id).activated_at == at(10));
  move_to(b, set.id, "previous", 20);
  auto previous = get_set(b, set.id);
  CHECK(previous.state == "previous");
  CHECK(previous.activated_at == at(10));
  CHECK(previous.deactivated_at == at(20));
  move_to(b, set.id, "retired", 30);
  CHECK(get_set(b, set.id).deactivated_at == at(20));

  ok(write(b, [&](sdk::Repositories& r) {
    return r.embedding_sets().set_provider(set.id, "ollama", R"({"model":"m1"})");
  }));
  auto recorded = get_set(b, set.id);
  CHECK(recorded.provider_plugin == "ollama");
  CHECK(recorded.provider_settings_json == R"({"model":"m1"})");
  auto unknown = write(b, [&](sdk::Repositories& r) { return r.embedding_sets().set_provider(set.id + 99, "x", "{}"); });
  CHECK(error_kind(unknown) == sdk::ErrorKind::not_found);
}

TEST_CASE("embedding sets: at most one set is active and at most one is previous", "[storage][embedding_sets]") {
  StorageFixture fx;
  auto& b = fx.backend();
  const auto a = make_set(b, "a");
  const auto c = make_set(b, "c");
  move_to(b, a.id, "active", 1);
  auto second_active = write(b, [&](sdk::Repositories& r) { return r.embedding_sets().set_state(c.id, "active", at(2)); });
  CHECK_FALSE(second_active.ok());
  CHECK(get_set(b, c.id).state == "building");  // the refused move changed nothing

  // A cut-over in one transaction: the active set steps back, the new one steps up.
  ok(write(b, [&](sdk::Repositories& r) -> sdk::Status {
    if (auto s = r.embedding_sets().set_state(a.id, "previous", at(3)); !s) return s;
    return r.embedding_sets().set_state(c.id, "active", at(3));
  }));
  CHECK(get_set(b, a.id).state == "previous");
  CHECK(get_set(b, c.id).state == "active");
  const auto d = make_set(b, "d");
  auto second_previous = write(b, [&](sdk::Repositories& r) { return r.embedding_sets().set_state(d.id, "previous", at(4)); });
  CHECK_FALSE(second_previous.ok());
}

TEST_CASE("embedding sets: coverage counts fresh, stale and missing indexable articles", "[storage][embedding_sets]") {
  StorageFixture fx;
  auto& b = fx.backend();
  const auto set = make_set(b, "m");
  const auto other = make_set(b, "other");
  const auto one = add_article(b, draft("one", "", "body", "", at(1)));
  const auto two = add_article(b, draft("two", "", "body", "", at(1)));
  const auto three = add_article(b, draft("three", "", "body", "", at(1)));
  auto hidden = draft("hidden", "", "body", "", at(1));
  hidden.no_rag = true;
  add_article(b, hidden);

  auto empty = coverage(b, set.id);
  CHECK(empty.indexable == 3);  // no_rag articles are not indexable
  CHECK(empty.missing == 3);
  CHECK(empty.fresh == 0);
  CHECK_FALSE(empty.complete());
  CHECK(needing(b, set.id) == std::vector<sdk::ArticleId>{one.id, two.id, three.id});

  mark(b, set.id, one, 2);
  mark(b, set.id, two, 2);
  mark(b, set.id, three, 2);
  mark(b, other.id, one, 2);
  auto full = coverage(b, set.id);
  CHECK(full.fresh == 3);
  CHECK(full.complete());
  CHECK(needing(b, set.id).empty());
  CHECK(coverage(b, other.id).missing == 2);  // sets are counted apart

  // An edit makes the article stale in the set until it is embedded again.
  auto edit = draft("two", "", "new body", "", at(5));
  const auto edited = ok(write(b, [&](sdk::Repositories& r) { return r.articles().update(two.id, edit); }));
  auto after_edit = coverage(b, set.id);
  CHECK(after_edit.stale == 1);
  CHECK(after_edit.fresh == 2);
  CHECK(needing(b, set.id) == std::vector<sdk::ArticleId>{two.id});
  auto recorded = ok(read(b, [&](sdk::Repositories& r) { return r.embedding_sets().embedded_version(set.id, two.id); }));
  REQUIRE(recorded);
  CHECK(recorded->article_updated_at == at(1));
  CHECK(recorded->content_hash == "h-two");
  CHECK(recorded->embedded_at == at(2));
  mark(b, set.id, edited, 6);
  CHECK(coverage(b, set.id).complete());

  // Paging, then forgetting in one set and in every set; deleting an article forgets it everywhere.
  CHECK(needing(b, other.id, one.id, 1) == std::vector<sdk::ArticleId>{two.id});
  ok(write(b, [&](sdk::Repositories& r) { return r.embedding_sets().forget_article(set.id, one.id); }));
  CHECK(coverage(b, set.id).missing == 1);
  CHECK(coverage(b, other.id).fresh == 1);
  ok(write(b, [&](sdk::Repositories& r) { return r.embedding_sets().forget_article(std::nullopt, one.id); }));
  CHECK(coverage(b, other.id).fresh == 0);
  ok(write(b, [&](sdk::Repositories& r) { return r.articles().remove(three.id); }));
  CHECK(coverage(b, set.id).indexable == 2);
  CHECK_FALSE(ok(read(b, [&](sdk::Repositories& r) { return r.embedding_sets().embedded_version(set.id, three.id); })));
}

TEST_CASE("embedding sets: the lifecycle migration goes down and up without losing a vector",
          "[storage][embedding_sets][migrations]") {
  StorageFixture fx;
  auto& b = fx.backend();
  const auto set = make_set(b, "m");
  const auto article = add_article(b, draft("kept", "", "body", "", at(1)));
  sdk::Chunk chunk;
  chunk.chunk_id = "kept.md#0";
  chunk.text = "body";
  chunk.content_hash = "c0";
  chunk.vector = {0.5f, 0.5f, 0.5f, 0.5f};
  ok(write(b, [&](sdk::Repositories& r) { return r.chunks().replace_article_chunks(set.id, article.id, {chunk}); }));
  move_to(b, set.id, "active", 2);

  int lifecycle = 0;
  for (const auto& step : ok(b.migrations().status()))
    if (step.name == "embedding_set_lifecycle") lifecycle = step.version;
  REQUIRE(lifecycle > 0);
  ok(b.migrations().down(lifecycle - 1));
  // Rebuilding the sets table (SQLite) must not cascade into the vectors.
  CHECK(ok(read(b, [&](sdk::Repositories& r) { return r.chunks().count_chunks(set.id); })) == 1);
  ok(b.migrations().up(std::nullopt));
  CHECK(ok(read(b, [&](sdk::Repositories& r) { return r.chunks().count_chunks(set.id); })) == 1);
  CHECK(get_set(b, set.id).state == "active");
  // Vectors stored before the step count as fresh for the article's present text.
  CHECK(coverage(b, set.id).fresh == 1);
}
