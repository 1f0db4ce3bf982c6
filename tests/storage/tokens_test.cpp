// Storage conformance: access tokens (hashes only).
#include <catch2/catch.hpp>

#include "storage/backend_fixture.hpp"
#include "storage/storage_test_helpers.hpp"

using namespace vellum;
using namespace vellum::test;

namespace {
sdk::AccessToken token(std::string name, std::string hash, sdk::Timestamp created) {
  sdk::AccessToken t;
  t.name = std::move(name);
  t.scope = "write";
  t.token_hash = std::move(hash);
  t.token_hint = "ab12";
  t.created_at = created;
  return t;
}
}  // namespace

TEST_CASE("tokens: insert, list newest first, find by hash, touch, remove", "[storage][tokens]") {
  StorageFixture fx;
  auto& b = fx.backend();
  auto first = ok(write(b, [](sdk::Repositories& r) { return r.tokens().insert(token("ci", std::string(64, 'a'), at(1))); }));
  auto reader = token("reader", std::string(64, 'b'), at(2));
  reader.scope = "read-only";
  auto second = ok(write(b, [&](sdk::Repositories& r) { return r.tokens().insert(reader); }));
  CHECK(first.id > 0);
  CHECK(second.id != first.id);
  CHECK(first.scope == "write");
  CHECK(second.scope == "read-only");
  CHECK(first.token_hint == "ab12");
  CHECK(first.created_at == at(1));
  CHECK_FALSE(first.last_used_at);

  auto list = ok(read(b, [](sdk::Repositories& r) { return r.tokens().list(); }));
  REQUIRE(list.size() == 2);
  CHECK(list[0].name == "reader");
  CHECK(list[1].name == "ci");

  auto found = ok(read(b, [](sdk::Repositories& r) { return r.tokens().find_by_hash(std::string(64, 'a')); }));
  REQUIRE(found);
  CHECK(found->name == "ci");
  CHECK_FALSE(ok(read(b, [](sdk::Repositories& r) { return r.tokens().find_by_hash(std::string(64, 'c')); })));

  ok(write(b, [&](sdk::Repositories& r) { return r.tokens().touch(first.id, at(9)); }));
  found = ok(read(b, [](sdk::Repositories& r) { return r.tokens().find_by_hash(std::string(64, 'a')); }));
  CHECK(found->last_used_at == std::optional<sdk::Timestamp>(at(9)));
  auto touch_missing = write(b, [&](sdk::Repositories& r) { return r.tokens().touch(first.id + 100, at(9)); });
  CHECK(error_kind(touch_missing) == sdk::ErrorKind::not_found);

  CHECK(ok(write(b, [&](sdk::Repositories& r) { return r.tokens().remove(first.id); })));
  CHECK_FALSE(ok(write(b, [&](sdk::Repositories& r) { return r.tokens().remove(first.id); })));
  CHECK(ok(read(b, [](sdk::Repositories& r) { return r.tokens().list(); })).size() == 1);
}

TEST_CASE("tokens: a duplicate name or hash is a conflict, a bad scope is refused", "[storage][tokens]") {
  StorageFixture fx;
  auto& b = fx.backend();
  ok(write(b, [](sdk::Repositories& r) { return r.tokens().insert(token("ci", std::string(64, 'a'), at(1))); }));
  auto same_name = write(b, [](sdk::Repositories& r) { return r.tokens().insert(token("ci", std::string(64, 'b'), at(2))); });
  CHECK(error_kind(same_name) == sdk::ErrorKind::conflict);
  auto same_hash = write(b, [](sdk::Repositories& r) { return r.tokens().insert(token("other", std::string(64, 'a'), at(2))); });
  CHECK(error_kind(same_hash) == sdk::ErrorKind::conflict);
  auto bad = token("x", std::string(64, 'd'), at(3));
  bad.scope = "admin";
  CHECK(error_kind(write(b, [&](sdk::Repositories& r) { return r.tokens().insert(bad); })) == sdk::ErrorKind::invalid_argument);
}
