// Storage conformance: article versions — numbering, listing, lookup, removal.
#include <catch2/catch.hpp>

#include "storage/backend_fixture.hpp"
#include "storage/storage_test_helpers.hpp"

using namespace vellum;
using namespace vellum::test;

namespace {
sdk::ArticleVersion snapshot(const sdk::Article& a, std::string content, std::string message, sdk::Timestamp when) {
  sdk::ArticleVersion v;
  v.article_id = a.id;
  v.title = a.title;
  v.content = std::move(content);
  v.folder = a.folder;
  v.message = std::move(message);
  v.created_at = when;
  v.created_by = "admin";
  return v;
}
}  // namespace

TEST_CASE("versions: append numbers 1, 2, 3 per article and fills hash and size", "[storage][versions]") {
  StorageFixture fx;
  const auto a = add_article(fx.backend(), draft("a"));
  const auto b = add_article(fx.backend(), draft("b"));
  auto append = [&](const sdk::ArticleVersion& v) {
    return ok(write(fx.backend(), [&](sdk::Repositories& r) { return r.versions().append(v); }));
  };
  const auto a1 = append(snapshot(a, "hello", "Initial version", at(1)));
  const auto a2 = append(snapshot(a, "hello again", "Updated article", at(2)));
  const auto b1 = append(snapshot(b, "other", "Initial version", at(3)));
  const auto a3 = append(snapshot(a, "third", "Updated article", at(4)));

  CHECK(a1.version_number == 1);
  CHECK(a2.version_number == 2);
  CHECK(a3.version_number == 3);
  CHECK(b1.version_number == 1);
  CHECK(a1.id > 0);
  CHECK(a1.id != a2.id);
  // sha256("hello")
  CHECK(a1.content_hash == "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
  CHECK(a1.size_bytes == 5);
  CHECK(a1.created_at == at(1));
  CHECK(a1.created_by == std::optional<std::string>("admin"));
  CHECK(a1.message == "Initial version");
}

TEST_CASE("versions: list is newest first with content, get finds one, remove some or all", "[storage][versions]") {
  StorageFixture fx;
  const auto a = add_article(fx.backend(), draft("a"));
  ok(write(fx.backend(), [&](sdk::Repositories& r) -> sdk::Status {
    for (int i = 1; i <= 4; ++i)
      if (auto v = r.versions().append(snapshot(a, "v" + std::to_string(i), "m", at(i))); !v) return v.error();
    return sdk::ok_status();
  }));

  auto list = ok(read(fx.backend(), [&](sdk::Repositories& r) { return r.versions().list(a.id); }));
  REQUIRE(list.size() == 4);
  CHECK(list[0].version_number == 4);
  CHECK(list[0].content == "v4");
  CHECK(list[3].version_number == 1);

  auto v2 = ok(read(fx.backend(), [&](sdk::Repositories& r) { return r.versions().get(a.id, 2); }));
  REQUIRE(v2);
  CHECK(v2->content == "v2");
  CHECK_FALSE(ok(read(fx.backend(), [&](sdk::Repositories& r) { return r.versions().get(a.id, 9); })));

  CHECK(ok(write(fx.backend(), [&](sdk::Repositories& r) { return r.versions().remove(a.id, {1, 3, 42}); })) == 2);
  list = ok(read(fx.backend(), [&](sdk::Repositories& r) { return r.versions().list(a.id); }));
  REQUIRE(list.size() == 2);
  CHECK(list[0].version_number == 4);
  CHECK(list[1].version_number == 2);

  // Numbering continues after the newest remaining version.
  auto next = ok(write(fx.backend(), [&](sdk::Repositories& r) { return r.versions().append(snapshot(a, "v5", "m", at(9))); }));
  CHECK(next.version_number == 5);

  CHECK(ok(write(fx.backend(), [&](sdk::Repositories& r) { return r.versions().remove(a.id, {}); })) == 3);
  CHECK(ok(read(fx.backend(), [&](sdk::Repositories& r) { return r.versions().list(a.id); })).empty());
}
