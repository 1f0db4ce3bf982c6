// Storage conformance: embedding sets, chunks and vectors, the change feed.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <limits>

#include "storage/backend_fixture.hpp"
#include "storage/storage_test_helpers.hpp"

using namespace vellum;
using namespace vellum::test;

namespace {

sdk::Vector test_vector(std::size_t dims, float seed) {
  sdk::Vector v(dims);
  for (std::size_t i = 0; i < dims; ++i) v[i] = std::sin(seed + static_cast<float>(i)) * (i % 2 ? -1.0f : 1.0f);
  v[0] = 0.0f;
  v[1] = -0.0f;
  v[2] = -1.5e-38f;  // tiny negative
  v[3] = 3.4e38f;    // near the float maximum
  v[4] = std::numeric_limits<float>::denorm_min();
  v[5] = -123.456f;
  return v;
}

sdk::Chunk chunk(const std::string& slug, int index, sdk::Vector vector) {
  sdk::Chunk c;
  c.chunk_id = slug + ".md#" + std::to_string(index);
  c.chunk_index = index;
  c.heading_path = {"# Title", "## Part " + std::to_string(index)};
  c.text = "text of chunk " + std::to_string(index) + " with \"quotes\" and ünïcode";
  c.content_hash = "hash" + std::to_string(index);
  c.vector = std::move(vector);
  return c;
}

sdk::EmbeddingSet make_set(sdk::StorageBackend& b, const std::string& provider, const std::string& model, std::uint32_t dims) {
  return ok(write(b, [&](sdk::Repositories& r) { return r.embedding_sets().find_or_create(provider, model, dims, at(0)); }));
}

bool same_bits(const sdk::Vector& a, const sdk::Vector& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::memcmp(&a[i], &b[i], sizeof(float)) != 0) return false;
  return true;
}

}  // namespace

TEST_CASE("embedding sets: find_or_create is idempotent per (provider, model, dimensions)", "[storage][chunks]") {
  StorageFixture fx;
  const auto a = make_set(fx.backend(), "ollama", "nomic-embed-text", 768);
  const auto again = make_set(fx.backend(), "ollama", "nomic-embed-text", 768);
  const auto other = make_set(fx.backend(), "ollama", "nomic-embed-text", 512);
  CHECK(a.id == again.id);
  CHECK(a.id != other.id);
  CHECK(a.state == "building");
  CHECK(a.dimensions == 768);
  CHECK(a.provider == "ollama");
  CHECK(a.model == "nomic-embed-text");
  CHECK(a.created_at == at(0));

  ok(write(fx.backend(), [&](sdk::Repositories& r) { return r.embedding_sets().set_state(a.id, "active", at(5)); }));
  auto got = ok(read(fx.backend(), [&](sdk::Repositories& r) { return r.embedding_sets().get(a.id); }));
  REQUIRE(got);
  CHECK(got->state == "active");
  CHECK(ok(read(fx.backend(), [](sdk::Repositories& r) { return r.embedding_sets().list(); })).size() == 2);
  CHECK_FALSE(ok(read(fx.backend(), [&](sdk::Repositories& r) { return r.embedding_sets().get(a.id + 99); })));

  auto bad = write(fx.backend(), [&](sdk::Repositories& r) { return r.embedding_sets().set_state(a.id, "bogus", at(5)); });
  CHECK(error_kind(bad) == sdk::ErrorKind::invalid_argument);
  auto missing = write(fx.backend(), [&](sdk::Repositories& r) { return r.embedding_sets().set_state(a.id + 99, "active", at(5)); });
  CHECK(error_kind(missing) == sdk::ErrorKind::not_found);
}

TEST_CASE("chunks: 768-float vectors round-trip bit for bit, with zeros and negatives", "[storage][chunks]") {
  StorageFixture fx;
  const auto article = add_article(fx.backend(), draft("vec"));
  const auto set = make_set(fx.backend(), "local", "hash", 768);
  const std::vector<sdk::Chunk> chunks{chunk("vec", 0, test_vector(768, 0.5f)), chunk("vec", 1, test_vector(768, 2.0f))};
  ok(write(fx.backend(), [&](sdk::Repositories& r) { return r.chunks().replace_article_chunks(set.id, article.id, chunks); }));

  auto stored = ok(read(fx.backend(), [&](sdk::Repositories& r) { return r.chunks().article_chunks(set.id, article.id, true); }));
  REQUIRE(stored.size() == 2);
  for (std::size_t i = 0; i < 2; ++i) {
    CHECK(same_bits(stored[i].vector, chunks[i].vector));
    CHECK(stored[i].chunk_id == chunks[i].chunk_id);
    CHECK(stored[i].chunk_index == chunks[i].chunk_index);
    CHECK(stored[i].heading_path == chunks[i].heading_path);
    CHECK(stored[i].text == chunks[i].text);
    CHECK(stored[i].content_hash == chunks[i].content_hash);
    CHECK(stored[i].article_id == article.id);
    CHECK(stored[i].embedding_set_id == set.id);
    CHECK(stored[i].seq > 0);
  }
  auto text_only = ok(read(fx.backend(), [&](sdk::Repositories& r) { return r.chunks().article_chunks(set.id, article.id, false); }));
  REQUIRE(text_only.size() == 2);
  CHECK(text_only[0].vector.empty());
  CHECK(text_only[0].text == chunks[0].text);
}

TEST_CASE("chunks: replace swaps all of an article's chunks in one set only", "[storage][chunks]") {
  StorageFixture fx;
  const auto article = add_article(fx.backend(), draft("a"));
  const auto set_a = make_set(fx.backend(), "p", "m1", 4);
  const auto set_b = make_set(fx.backend(), "p", "m2", 4);
  auto replace = [&](sdk::EmbeddingSetId set, std::vector<sdk::Chunk> chunks) {
    ok(write(fx.backend(), [&](sdk::Repositories& r) { return r.chunks().replace_article_chunks(set, article.id, chunks); }));
  };
  replace(set_a.id, {chunk("a", 0, {1, 1, 1, 1}), chunk("a", 1, {2, 2, 2, 2}), chunk("a", 2, {3, 3, 3, 3})});
  replace(set_b.id, {chunk("a", 0, {9, 9, 9, 9})});
  replace(set_a.id, {chunk("a", 0, {5, 5, 5, 5})});

  auto in_a = ok(read(fx.backend(), [&](sdk::Repositories& r) { return r.chunks().article_chunks(set_a.id, article.id, true); }));
  REQUIRE(in_a.size() == 1);
  CHECK(in_a[0].vector == sdk::Vector{5, 5, 5, 5});
  auto in_b = ok(read(fx.backend(), [&](sdk::Repositories& r) { return r.chunks().article_chunks(set_b.id, article.id, true); }));
  REQUIRE(in_b.size() == 1);
  CHECK(in_b[0].vector == sdk::Vector{9, 9, 9, 9});
  CHECK(ok(read(fx.backend(), [&](sdk::Repositories& r) { return r.chunks().count_chunks(set_a.id); })) == 1);
  CHECK(ok(read(fx.backend(), [&](sdk::Repositories& r) { return r.chunks().count_chunks(set_b.id); })) == 1);
}

TEST_CASE("chunks: a vector of the wrong size for its set is refused", "[storage][chunks]") {
  StorageFixture fx;
  const auto article = add_article(fx.backend(), draft("a"));
  const auto set = make_set(fx.backend(), "p", "m", 4);
  auto wrong = write(fx.backend(), [&](sdk::Repositories& r) {
    return r.chunks().replace_article_chunks(set.id, article.id, {chunk("a", 0, {1, 2, 3})});
  });
  CHECK(error_kind(wrong) == sdk::ErrorKind::bad_dimension);
  auto no_set = write(fx.backend(), [&](sdk::Repositories& r) {
    return r.chunks().replace_article_chunks(set.id + 50, article.id, {chunk("a", 0, {1, 2, 3, 4})});
  });
  CHECK(error_kind(no_set) == sdk::ErrorKind::not_found);
}

TEST_CASE("chunks: remove from one set or from every set", "[storage][chunks]") {
  StorageFixture fx;
  const auto article = add_article(fx.backend(), draft("a"));
  const auto set_a = make_set(fx.backend(), "p", "m1", 2);
  const auto set_b = make_set(fx.backend(), "p", "m2", 2);
  ok(write(fx.backend(), [&](sdk::Repositories& r) -> sdk::Status {
    if (auto s = r.chunks().replace_article_chunks(set_a.id, article.id, {chunk("a", 0, {1, 2})}); !s) return s;
    return r.chunks().replace_article_chunks(set_b.id, article.id, {chunk("a", 0, {3, 4})});
  }));
  ok(write(fx.backend(), [&](sdk::Repositories& r) { return r.chunks().remove_article_chunks(set_a.id, article.id); }));
  CHECK(ok(read(fx.backend(), [&](sdk::Repositories& r) { return r.chunks().count_chunks(set_a.id); })) == 0);
  CHECK(ok(read(fx.backend(), [&](sdk::Repositories& r) { return r.chunks().count_chunks(set_b.id); })) == 1);
  ok(write(fx.backend(), [&](sdk::Repositories& r) { return r.chunks().remove_article_chunks(std::nullopt, article.id); }));
  CHECK(ok(read(fx.backend(), [&](sdk::Repositories& r) { return r.chunks().count_chunks(set_b.id); })) == 0);
}

TEST_CASE("chunks: scan pages by article and indexed_articles lists them", "[storage][chunks]") {
  StorageFixture fx;
  const auto set = make_set(fx.backend(), "p", "m", 2);
  std::vector<sdk::ArticleId> ids;
  for (int i = 0; i < 3; ++i) {
    const auto a = add_article(fx.backend(), draft("a" + std::to_string(i)));
    ids.push_back(a.id);
    ok(write(fx.backend(), [&](sdk::Repositories& r) {
      return r.chunks().replace_article_chunks(set.id, a.id, {chunk(a.slug, 0, {1, 0}), chunk(a.slug, 1, {0, 1})});
    }));
  }
  auto first = ok(read(fx.backend(), [&](sdk::Repositories& r) { return r.chunks().scan(set.id, 0, 2); }));
  REQUIRE(first.size() == 4);  // two articles' worth, two chunks each
  CHECK(first[0].article_id == ids[0]);
  CHECK(first[0].chunk_index == 0);
  CHECK(first[1].chunk_index == 1);
  CHECK(first[3].article_id == ids[1]);
  CHECK(first[0].vector == sdk::Vector{1, 0});
  auto rest = ok(read(fx.backend(), [&](sdk::Repositories& r) { return r.chunks().scan(set.id, first.back().article_id, 2); }));
  REQUIRE(rest.size() == 2);
  CHECK(rest[0].article_id == ids[2]);
  CHECK(ok(read(fx.backend(), [&](sdk::Repositories& r) { return r.chunks().indexed_articles(set.id); })) == ids);
}

TEST_CASE("chunks: every write lands in the change feed with an increasing seq", "[storage][chunks]") {
  StorageFixture fx;
  const auto a = add_article(fx.backend(), draft("a"));
  const auto b = add_article(fx.backend(), draft("b"));
  const auto set = make_set(fx.backend(), "p", "m", 2);
  const auto start = ok(read(fx.backend(), [](sdk::Repositories& r) { return r.chunks().latest_change_seq(); }));

  ok(write(fx.backend(), [&](sdk::Repositories& r) { return r.chunks().replace_article_chunks(set.id, a.id, {chunk("a", 0, {1, 2})}); }));
  ok(write(fx.backend(), [&](sdk::Repositories& r) { return r.chunks().replace_article_chunks(set.id, b.id, {chunk("b", 0, {1, 2})}); }));
  ok(write(fx.backend(), [&](sdk::Repositories& r) { return r.chunks().remove_article_chunks(set.id, a.id); }));
  ok(write(fx.backend(), [&](sdk::Repositories& r) { return r.articles().remove(b.id); }));

  auto changes = ok(read(fx.backend(), [&](sdk::Repositories& r) { return r.chunks().changes_since(start, 100); }));
  REQUIRE(changes.size() == 4);
  CHECK(changes[0].article_id == a.id);
  CHECK(changes[1].article_id == b.id);
  CHECK(changes[2].article_id == a.id);
  CHECK(changes[3].article_id == b.id);  // deleting the article is a change too
  for (std::size_t i = 0; i < changes.size(); ++i) {
    CHECK(changes[i].embedding_set_id == set.id);
    if (i > 0) CHECK(changes[i].seq > changes[i - 1].seq);
  }
  CHECK(ok(read(fx.backend(), [](sdk::Repositories& r) { return r.chunks().latest_change_seq(); })) == changes.back().seq);
  auto limited = ok(read(fx.backend(), [&](sdk::Repositories& r) { return r.chunks().changes_since(changes[1].seq, 1); }));
  REQUIRE(limited.size() == 1);
  CHECK(limited[0].seq == changes[2].seq);

  auto stored = ok(read(fx.backend(), [&](sdk::Repositories& r) { return r.chunks().article_chunks(set.id, a.id, false); }));
  CHECK(stored.empty());
}
