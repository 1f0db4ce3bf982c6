// PostgreSQL faults on a private server this test starts itself (scripts/pg_throwaway.sh), so it
// can stop and restart it without disturbing anything else: a statement timeout is a transient
// error that says so; a stopped server makes calls fail `unavailable` quickly; after the restart
// the same backend object works again; a full house (connection limit) is `unavailable` and says
// so; change notices (LISTEN) wake a waiter and survive a restart.
#include <catch2/catch.hpp>

#include <chrono>
#include <memory>
#include <span>
#include <stdexcept>
#include <stop_token>
#include <thread>
#include <vector>

#include "config/plugin_settings.hpp"
#include "plugins/plugin_library.hpp"
#include "storage/backend_fixture.hpp"
#include "storage/pg_connection.hpp"
#include "storage/private_pg_server.hpp"
#include "storage/storage_test_helpers.hpp"

using namespace vellum;
using namespace vellum::test;

namespace {

struct Backend {
  plugins::LibraryPtr library;
  TestHostContext host;
  sdk::BackendPtr backend;

  Backend(const std::string& url, const Settings& extra) {
    auto opened = plugins::PluginLibrary::open(std::string(VELLUM_TEST_PLUGIN_DIR) + "/vellum-storage-postgres.so");
    if (!opened) throw std::runtime_error(opened.error().message);
    library = opened.value();
    Settings settings = extra;
    settings["url"] = {url, "test"};
    auto config = config::build_plugin_config(
        "storage.postgres", std::span<const sdk::ConfigOption>(library->manifest().options), settings);
    if (!config) throw std::runtime_error(config.error().message);
    auto created = library->create<sdk::Slot::storage>(config.value(), host);
    if (!created) throw std::runtime_error(created.error().message);
    backend = created.value();
  }
  ~Backend() { backend.reset(); }  // before the library goes
};

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

TEST_CASE("postgres faults: a statement timeout is a transient error that names the timeout", "[storage][postgres][faults]") {
  skip_without_server_binaries();
  PrivateServer server;
  Backend b(server.url(), {{"statement_timeout_ms", {"100", "test"}}, {"pool_size", {"2", "test"}}});
  add_article(*b.backend, draft("a"));

  // Another session holds a lock the backend's reads must wait for, longer than the timeout allows.
  PgConnection blocker(server.url());
  blocker.exec("BEGIN");
  blocker.exec("LOCK TABLE articles IN ACCESS EXCLUSIVE MODE");
  const auto start = std::chrono::steady_clock::now();
  auto blocked = read(*b.backend, [](sdk::Repositories& r) { return r.articles().count({}); });
  REQUIRE_FALSE(blocked.ok());
  CHECK(blocked.error().kind == sdk::ErrorKind::transient);
  CHECK(blocked.error().retryable);
  CHECK(blocked.error().message.find("statement timeout") != std::string::npos);
  CHECK(seconds_since(start) < 20);
  blocker.exec("ROLLBACK");

  CHECK(ok(read(*b.backend, [](sdk::Repositories& r) { return r.articles().count({}); })) == 1);
}

TEST_CASE("postgres faults: a stopped server fails calls quickly; after a restart the same backend works",
          "[storage][postgres][faults]") {
  skip_without_server_binaries();
  PrivateServer server;
  Backend b(server.url(), {{"connect_timeout_ms", {"2000", "test"}}, {"pool_size", {"2", "test"}}});
  add_article(*b.backend, draft("before"));
  ok(b.backend->health());

  server.halt();
  auto start = std::chrono::steady_clock::now();
  auto during = write(*b.backend, [](sdk::Repositories& r) { return r.articles().insert(draft("during")); });
  REQUIRE_FALSE(during.ok());
  CHECK(during.error().kind == sdk::ErrorKind::unavailable);
  CHECK(during.error().retryable);
  CHECK(during.error().message.find("reconnect") != std::string::npos);
  CHECK(seconds_since(start) < 5);
  start = std::chrono::steady_clock::now();
  auto health = b.backend->health();
  REQUIRE_FALSE(health.ok());
  CHECK(health.error().kind == sdk::ErrorKind::unavailable);
  auto count = read(*b.backend, [](sdk::Repositories& r) { return r.articles().count({}); });
  REQUIRE_FALSE(count.ok());
  CHECK(count.error().kind == sdk::ErrorKind::unavailable);
  CHECK(seconds_since(start) < 5);

  server.resume();
  // Every pooled connection died with the server; each is replaced on its first use.
  for (int i = 0; i < 4; ++i) ok(b.backend->health());
  add_article(*b.backend, draft("after"));
  CHECK(ok(read(*b.backend, [](sdk::Repositories& r) { return r.articles().count({}); })) == 2);
  CHECK(b.host.metric_total("storage_reconnects") > 0);
}

namespace {

// `url` as another role on another database: libpq and the plugin both take the last of a repeated key.
std::string as_role(const std::string& url, const std::string& role, const std::string& database) {
  return url + " user=" + role + " dbname=" + database;
}

void write_chunks(sdk::StorageBackend& backend, const std::string& slug) {
  const auto article = add_article(backend, draft(slug));
  const auto set = ok(write(backend, [](sdk::Repositories& r) { return r.embedding_sets().find_or_create("p", "m", 2, at(0)); }));
  sdk::Chunk chunk;
  chunk.chunk_id = slug + ".md#0";
  chunk.text = "t";
  chunk.content_hash = "h";
  chunk.vector = {1.0f, 0.0f};
  ok(write(backend, [&](sdk::Repositories& r) { return r.chunks().replace_article_chunks(set.id, article.id, {chunk}); }));
}

}  // namespace

TEST_CASE("postgres faults: at the connection limit calls fail unavailable and say so; freed slots heal the pool",
          "[storage][postgres][faults]") {
  skip_without_server_binaries();
  PrivateServer server;
  PgConnection admin(server.url());
  admin.exec("CREATE ROLE limited LOGIN");
  admin.exec("CREATE DATABASE limited_db OWNER limited");
  const auto url = as_role(server.url(), "limited", "limited_db");
  Backend b(url, {{"connect_timeout_ms", {"2000", "test"}}, {"pool_size", {"2", "test"}}});
  add_article(*b.backend, draft("before"));

  // Someone else holds every slot the role may have; the backend's own connections are cut.
  std::vector<std::unique_ptr<PgConnection>> others;
  std::string held;
  for (int i = 0; i < 3; ++i) {
    others.push_back(std::make_unique<PgConnection>(url));
    held += (held.empty() ? "" : ",") + others.back()->one("SELECT pg_backend_pid()");
  }
  admin.exec("ALTER ROLE limited CONNECTION LIMIT 3");
  admin.exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'limited' AND pid NOT IN (" +
             held + ")");
  for (int i = 0; i < 100 && admin.one("SELECT COUNT(*) FROM pg_stat_activity WHERE usename = 'limited'") != "3"; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));

  const auto start = std::chrono::steady_clock::now();
  auto count = read(*b.backend, [](sdk::Repositories& r) { return r.articles().count({}); });
  REQUIRE_FALSE(count.ok());
  CHECK(count.error().kind == sdk::ErrorKind::unavailable);
  CHECK(count.error().message.find("connection limit") != std::string::npos);
  auto health = b.backend->health();
  REQUIRE_FALSE(health.ok());
  CHECK(health.error().kind == sdk::ErrorKind::unavailable);
  CHECK(health.error().message.find("connection limit") != std::string::npos);
  CHECK(seconds_since(start) < 5);

  others.clear();  // the slots free up (the server notices each goodbye a moment later)
  bool healed = false;
  for (int i = 0; i < 50 && !healed; ++i) {
    healed = b.backend->health().ok();
    if (!healed) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  CHECK(healed);
  add_article(*b.backend, draft("after"));
  CHECK(ok(read(*b.backend, [](sdk::Repositories& r) { return r.articles().count({}); })) == 2);
}

TEST_CASE("postgres faults: change notices wake a waiting backend at once, and come back after a restart",
          "[storage][postgres][faults]") {
  skip_without_server_binaries();
  PrivateServer server;
  Backend writer(server.url(), {{"pool_size", {"1", "test"}}, {"connect_timeout_ms", {"2000", "test"}}});
  Backend follower(server.url(), {{"pool_size", {"1", "test"}}, {"connect_timeout_ms", {"2000", "test"}}});
  auto& waiting = *follower.backend;
  using std::chrono::milliseconds;

  // The first wait starts listening and asks for one read of the feed (earlier writes were not announced).
  CHECK(waiting.wait_for_chunk_changes(milliseconds(100), {}));
  CHECK_FALSE(waiting.wait_for_chunk_changes(milliseconds(100), {}));

  auto woken_by_write = [&](const std::string& slug) {
    std::jthread write_soon([&] {
      std::this_thread::sleep_for(milliseconds(200));
      write_chunks(*writer.backend, slug);
    });
    const auto start = std::chrono::steady_clock::now();
    const bool woken = waiting.wait_for_chunk_changes(milliseconds(20000), {});
    CHECK(seconds_since(start) < 10);  // long before the 20 s timeout
    return woken;
  };
  CHECK(woken_by_write("first"));
  // An article without chunks writes no feed entry: no notice.
  add_article(*writer.backend, draft("no-chunks"));
  CHECK_FALSE(waiting.wait_for_chunk_changes(milliseconds(300), {}));

  // A stop request ends a long wait promptly.
  std::stop_source stop;
  std::jthread stopper([&] {
    std::this_thread::sleep_for(milliseconds(100));
    stop.request_stop();
  });
  auto start = std::chrono::steady_clock::now();
  CHECK_FALSE(waiting.wait_for_chunk_changes(milliseconds(20000), stop.get_token()));
  CHECK(seconds_since(start) < 5);

  // Restart: the dropped connection ends the wait (notices may have been lost); while the server is
  // down waits sleep out their timeout; once it is back, listening resumes by itself.
  server.halt();
  CHECK(waiting.wait_for_chunk_changes(milliseconds(5000), {}));
  start = std::chrono::steady_clock::now();
  CHECK_FALSE(waiting.wait_for_chunk_changes(milliseconds(300), {}));
  CHECK(seconds_since(start) >= 0.25);
  server.resume();
  CHECK(waiting.wait_for_chunk_changes(milliseconds(5000), {}));  // listening again: read the feed once
  CHECK(woken_by_write("second"));
  bool warned = false;
  for (const auto& line : follower.host.logs())
    warned = warned || line.message.find("cannot listen for chunk change notices") != std::string::npos;
  CHECK(warned);  // the degraded mode was visible
}
