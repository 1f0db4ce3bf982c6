// Storage conformance: units of work — commit, rollback, isolation between concurrent writers,
// durability across reopening.
#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

#include "storage/backend_fixture.hpp"
#include "storage/storage_test_helpers.hpp"

using namespace vellum;
using namespace vellum::test;

TEST_CASE("transactions: work that returns an error writes nothing", "[storage][transactions]") {
  StorageFixture fx;
  auto status = fx.backend().transact([](sdk::Repositories& r) -> sdk::Status {
    auto article = r.articles().insert(draft("ghost"));
    if (!article) return article.error();
    sdk::ArticleVersion v;
    v.article_id = article->id;
    v.title = "ghost";
    v.content = "boo";
    if (auto s = r.versions().append(v); !s) return s.error();
    if (auto s = r.settings().put("k", "v"); !s) return s;
    return sdk::Error(sdk::ErrorKind::invalid_argument, "the caller changed its mind");
  });
  REQUIRE_FALSE(status);
  CHECK(status.error().kind == sdk::ErrorKind::invalid_argument);
  CHECK(status.error().message == "the caller changed its mind");

  CHECK(ok(read(fx.backend(), [](sdk::Repositories& r) { return r.articles().count({}); })) == 0);
  CHECK_FALSE(ok(read(fx.backend(), [](sdk::Repositories& r) { return r.settings().get("k"); })));
}

TEST_CASE("transactions: a failed statement inside the work rolls back the earlier ones", "[storage][transactions]") {
  StorageFixture fx;
  add_article(fx.backend(), draft("taken"));
  auto status = fx.backend().transact([](sdk::Repositories& r) -> sdk::Status {
    if (auto a = r.articles().insert(draft("fresh")); !a) return a.error();
    if (auto b = r.articles().insert(draft("taken")); !b) return b.error();  // conflict
    return sdk::ok_status();
  });
  REQUIRE_FALSE(status);
  CHECK(status.error().kind == sdk::ErrorKind::conflict);
  CHECK_FALSE(ok(read(fx.backend(), [](sdk::Repositories& r) { return r.articles().find_by_slug("fresh"); })));
}

TEST_CASE("transactions: the backend stays usable after a rolled back transaction", "[storage][transactions]") {
  StorageFixture fx;
  auto failed = fx.backend().transact([](sdk::Repositories&) -> sdk::Status {
    return sdk::Error(sdk::ErrorKind::internal, "boom");
  });
  CHECK_FALSE(failed);
  add_article(fx.backend(), draft("after"));
  CHECK(ok(read(fx.backend(), [](sdk::Repositories& r) { return r.articles().count({}); })) == 1);
  ok(fx.backend().health());
  CHECK(fx.backend().describe().backend == storage_kind());
  CHECK_FALSE(fx.backend().describe().server_version.empty());
}

TEST_CASE("transactions: concurrent writers on one backend and on two never lose an update", "[storage][transactions]") {
  StorageFixture fx;
  auto second = fx.open_another();
  ok(write(fx.backend(), [](sdk::Repositories& r) { return r.settings().put("counter", "0"); }));

  // Read-modify-write of one counter: only isolated, retried transactions end at exactly 4 × 25.
  auto bump = [](sdk::StorageBackend& backend, int times, std::atomic<int>& failures) {
    for (int i = 0; i < times; ++i) {
      auto status = backend.transact([](sdk::Repositories& r) -> sdk::Status {
        auto value = r.settings().get("counter");
        if (!value) return value.error();
        return r.settings().put("counter", std::to_string(std::stoi(value->value_or("0")) + 1));
      });
      if (!status) ++failures;
    }
  };
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  threads.emplace_back(bump, std::ref(fx.backend()), 25, std::ref(failures));
  threads.emplace_back(bump, std::ref(fx.backend()), 25, std::ref(failures));
  threads.emplace_back(bump, std::ref(*second), 25, std::ref(failures));
  threads.emplace_back(bump, std::ref(*second), 25, std::ref(failures));
  for (auto& t : threads) t.join();

  CHECK(failures == 0);
  auto value = ok(read(fx.backend(), [](sdk::Repositories& r) { return r.settings().get("counter"); }));
  CHECK(value == std::optional<std::string>("100"));
}

TEST_CASE("transactions: readers run while a writer works", "[storage][transactions]") {
  StorageFixture fx;
  add_article(fx.backend(), draft("a"));
  std::atomic<bool> writer_inside{false}, reader_done{false};
  std::thread writer([&] {
    ok(fx.backend().transact([&](sdk::Repositories& r) -> sdk::Status {
      if (auto s = r.articles().insert(draft("b")); !s) return s.error();
      writer_inside = true;
      for (int i = 0; i < 200 && !reader_done; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
      return sdk::ok_status();
    }));
  });
  while (!writer_inside) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  // The reader sees the last committed state, not the writer's uncommitted row.
  CHECK(ok(read(fx.backend(), [](sdk::Repositories& r) { return r.articles().count({}); })) == 1);
  reader_done = true;
  writer.join();
  CHECK(ok(read(fx.backend(), [](sdk::Repositories& r) { return r.articles().count({}); })) == 2);
}

TEST_CASE("transactions: data survives closing and reopening the backend", "[storage][transactions]") {
  StorageFixture fx;
  const auto a = add_article(fx.backend(), draft("durable", "Durable", "kept", "f", at(3)));
  ok(write(fx.backend(), [](sdk::Repositories& r) { return r.settings().put("instance_id", "abc"); }));
  fx.reopen();
  auto found = ok(read(fx.backend(), [&](sdk::Repositories& r) { return r.articles().find_by_id(a.id); }));
  REQUIRE(found);
  CHECK(found->content == "kept");
  CHECK(found->updated_at == at(3));
  CHECK(ok(read(fx.backend(), [](sdk::Repositories& r) { return r.settings().get("instance_id"); })) ==
        std::optional<std::string>("abc"));
}
