// A real `vellum serve` on a private PostgreSQL cluster the test starts itself, so the database can
// be restarted and filled up under it: while PostgreSQL is down, or refuses connections at its
// connection limit, requests are answered 503 with a JSON body that says the database is the
// problem (not 500, not a hang); once it is back, the server heals by itself and the queue drains
// to the last task. Connections cut under it are reconnected and counted in /metrics.
#include <catch2/catch.hpp>

#include <csignal>
#include <fstream>
#include <memory>
#include <optional>
#include <regex>
#include <thread>

#include "fake_ollama.hpp"
#include "storage/pg_connection.hpp"
#include "storage/private_pg_server.hpp"
#include "support/http_client.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

using namespace vellum::test;
using std::chrono::milliseconds;

namespace {

const std::string kAdminToken = "postgres-outage-admin-token-0123456789";
const Fields kAdmin{{"Authorization", "Bearer " + kAdminToken}};

std::string write_config(const TempDir& dir, const std::string& url, const std::string& embedding,
                         const std::string& queue, int pool_size = 3) {
  std::ofstream(dir / "vellum.yaml") << "data_dir: " << dir.path().string() << "\n"
                                     << "auth:\n  token: " << kAdminToken << "\n"
                                     << "server:\n  rate_limit_general: 0\n"
                                     << embedding
                                     << "storage:\n  backend: postgres\n  postgres:\n    url: \"" << url << "\"\n"
                                     << "    pool_size: " << pool_size << "\n    connect_timeout_ms: 2000\n"
                                     << queue;
  return (dir / "vellum.yaml").string();
}

std::uint16_t listening_port(RunningProcess& server) {
  auto log = server.wait_for_output(" ms\n");
  REQUIRE(log.has_value());
  std::smatch match;
  REQUIRE(std::regex_search(*log, match, std::regex("listening on [^ ]+:([0-9]+) ")));
  return static_cast<std::uint16_t>(std::stoi(match[1]));
}

// A fresh connection per question: the test's own sessions die with the server too.
std::string ask(const std::string& url, const std::string& sql) { return PgConnection(url).one(sql); }

// What a client sees while the database is away: 503 soon, a JSON body whose error names the database.
void check_database_unavailable(const HttpResult& res, const std::string& expected_words) {
  INFO(res.status << " " << res.body << res.error);
  CHECK(res.status == 503);
  CHECK(res.header("content-type") == "application/json");
  CHECK(res.header("retry-after") == "1");
  REQUIRE(res.status == 503);
  const auto body = res.json();
  REQUIRE(body.contains("error"));
  CHECK_THAT(body["error"].get<std::string>(), Catch::Contains(expected_words));
}

// The value of the series whose line starts with `series` (name and labels as /metrics writes them).
std::optional<double> metric(const std::string& exposition, const std::string& series) {
  const auto at = exposition.find("\n" + series + " ");
  if (at == std::string::npos) return std::nullopt;
  return std::stod(exposition.substr(at + series.size() + 2));
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

TEST_CASE("postgres restarted while the queue drains: 503 meanwhile, then every task completes", "[pgfaults]") {
  skip_without_server_binaries();
  PrivateServer pg;
  FakeOllama fake({.dimensions = 16});
  fake.fail_always(Fault::latency(milliseconds(100)));  // slow enough that the drain outlasts the writes
  TempDir dir("vellum-outage");
  const auto config = write_config(
      dir, pg.url(),
      "embedding:\n  provider: ollama\n  ollama:\n    base_url: " + fake.base_url() + "\n    dimensions: 16\n",
      // Short leases and generous retries: tasks caught by the outage come back soon and are not
      // failed for attempts the outage used up.
      "queue:\n  strategy: background\n  background:\n    worker_interval_ms: 1000\n    batch_size: 8\n"
      "    lease_ms: 3000\n    heartbeat_interval_ms: 5000\n    max_retries: 10\n    retry_backoff_base_ms: 200\n"
      "    retry_backoff_cap_ms: 1000\n    max_processing_time_ms: 60000\n    task_timeout_ms: 30000\n");
  RunningProcess server({"serve", "--config", config, "--port", "0"}, ProcessOptions{dir.path(), {}, {}});
  const auto port = listening_port(server);
  HttpClient client(port);

  constexpr int kArticles = 300;
  for (int i = 0; i < kArticles; ++i) {
    const std::string title = "outage note " + std::to_string(i);
    auto res = client.post_json("/api/articles", {{"title", title}, {"content", "# " + title + "\n\nAbout topic " +
                                                                               std::to_string(i % 17) + ".\n"}},
                                kAdmin);
    INFO(res.body << res.error);
    REQUIRE(res.status == 201);
  }
  const auto completed = "SELECT COUNT(*) FROM embedding_tasks WHERE status = 'completed'";
  for (int i = 0; i < 400 && std::stoi(ask(pg.url(), completed)) < 20; ++i) std::this_thread::sleep_for(milliseconds(25));
  const int done_before = std::stoi(ask(pg.url(), completed));
  INFO("completed before the restart: " << done_before);
  CHECK(done_before < kArticles);  // the restart really comes mid-drain

  pg.halt();
  for (int round = 0; round < 3; ++round) {
    auto start = std::chrono::steady_clock::now();
    check_database_unavailable(client.get("/api/articles?limit=5", kAdmin), "database is unavailable");
    check_database_unavailable(client.post_json("/api/articles", {{"title", "during"}, {"content", "x"}}, kAdmin),
                               "database is unavailable");
    CHECK(seconds_since(start) < 8);
    std::this_thread::sleep_for(milliseconds(500));
  }
  pg.resume();

  const auto open_tasks = "SELECT COUNT(*) FROM embedding_tasks WHERE status IN ('pending', 'processing')";
  for (int i = 0; i < 1800 && ask(pg.url(), open_tasks) != "0"; ++i) std::this_thread::sleep_for(milliseconds(100));
  INFO(server.output());
  CHECK(ask(pg.url(), open_tasks) == "0");
  CHECK(ask(pg.url(), "SELECT COUNT(*) FROM embedding_tasks WHERE status = 'failed'") == "0");
  CHECK(ask(pg.url(), completed) == std::to_string(kArticles));
  CHECK(ask(pg.url(), "SELECT COUNT(*) FROM articles") == std::to_string(kArticles));
  CHECK(ask(pg.url(), "SELECT COUNT(*) FROM articles a WHERE NOT EXISTS "
                      "(SELECT 1 FROM embeddings e WHERE e.article_id = a.id)") == "0");
  auto after = client.get("/api/articles?limit=5", kAdmin);
  CHECK(after.status == 200);
  CHECK(server.output().find("internal error") == std::string::npos);  // no request was answered 500
  server.signal(SIGTERM);
  CHECK(server.wait() == 0);
}

TEST_CASE("postgres at its connection limit: 503 that says so, and recovery once connections free up",
          "[pgfaults]") {
  skip_without_server_binaries();
  PrivateServer pg;
  PgConnection admin(pg.url());
  admin.exec("CREATE ROLE limited LOGIN");
  admin.exec("CREATE DATABASE limited_db OWNER limited");
  // libpq takes the last of a repeated key: the same server as another role, on its own database.
  const auto url = pg.url() + " user=limited dbname=limited_db";
  TempDir dir("vellum-limit");
  const auto config = write_config(dir, url, "embedding:\n  provider: local\n", "queue:\n  enabled: false\n");
  RunningProcess server({"serve", "--config", config, "--port", "0"}, ProcessOptions{dir.path(), {}, {}});
  const auto port = listening_port(server);
  HttpClient client(port);
  REQUIRE(client.post_json("/api/articles", {{"title", "before"}, {"content", "x"}}, kAdmin).status == 201);

  // Another client holds every slot the role may have (enough for the whole server once freed);
  // the server's own connections are cut, so it must open new ones and cannot.
  constexpr int kSlots = 6;
  std::vector<std::unique_ptr<PgConnection>> others;
  std::string held;
  for (int i = 0; i < kSlots; ++i) {
    others.push_back(std::make_unique<PgConnection>(url));
    held += (held.empty() ? "" : ",") + others.back()->one("SELECT pg_backend_pid()");
  }
  admin.exec("ALTER ROLE limited CONNECTION LIMIT " + std::to_string(kSlots));
  admin.exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'limited' AND pid NOT IN (" +
             held + ")");
  const auto sessions = "SELECT COUNT(*) FROM pg_stat_activity WHERE usename = 'limited'";
  for (int i = 0; i < 100 && admin.one(sessions) != std::to_string(kSlots); ++i)
    std::this_thread::sleep_for(milliseconds(20));

  for (int round = 0; round < 3; ++round) {
    auto start = std::chrono::steady_clock::now();
    check_database_unavailable(client.get("/api/articles", kAdmin), "connection limit");
    check_database_unavailable(client.post_json("/api/articles", {{"title", "during"}, {"content", "x"}}, kAdmin),
                               "connection limit");
    CHECK(seconds_since(start) < 8);
  }

  others.clear();
  long status = 0;
  for (int i = 0; i < 100 && status != 200; ++i) {
    status = client.get("/api/articles", kAdmin).status;
    if (status != 200) std::this_thread::sleep_for(milliseconds(100));
  }
  CHECK(status == 200);
  CHECK(client.post_json("/api/articles", {{"title", "after"}, {"content", "x"}}, kAdmin).status == 201);
  INFO(server.output());
  CHECK(server.output().find("connection limit") != std::string::npos);  // the operator's log says why
  CHECK(server.output().find("internal error") == std::string::npos);
  server.signal(SIGTERM);
  CHECK(server.wait() == 0);
}

TEST_CASE("postgres connections cut under a running server: its reconnects and retried writes reach /metrics",
          "[pgfaults]") {
  skip_without_server_binaries();
  PrivateServer pg;
  TempDir dir("vellum-reconnects");
  // One pooled connection, and a follower that does not poll: the next write gets the cut connection.
  const auto config = write_config(dir, pg.url(), "embedding:\n  provider: local\n",
                                   "queue:\n  enabled: false\nindexing:\n  change_feed_poll_ms: 3600000\n", 1);
  RunningProcess server({"serve", "--config", config, "--port", "0"}, ProcessOptions{dir.path(), {}, {}});
  const auto port = listening_port(server);
  HttpClient client(port);
  REQUIRE(client.post_json("/api/articles", {{"title", "before"}, {"content", "x"}}, kAdmin).status == 201);
  const std::string reconnects = "vellum_plugin_storage_reconnects_total{plugin=\"postgres\",slot=\"storage\"}";
  const std::string retries =
      "vellum_plugin_storage_transaction_retries_total{plugin=\"postgres\",slot=\"storage\"}";
  CHECK_FALSE(metric(client.get("/metrics", kAdmin).body, reconnects));

  // The change listener's reconnect may wake the follower, whose read then reconnects first: cut
  // again until a write was the one to find its connection gone.
  std::string metrics;
  for (int round = 0; round < 5 && !metric(metrics, retries); ++round) {
    ask(pg.url(), "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'vellum'");
    auto written = client.post_json("/api/articles", {{"title", "after " + std::to_string(round)}, {"content", "x"}}, kAdmin);
    INFO(written.body);
    CHECK(written.status == 201);  // retried on a new connection: the client never sees the cut
    metrics = client.get("/metrics", kAdmin).body;
  }
  INFO(metrics << server.output());
  CHECK(metric(metrics, reconnects).value_or(0) >= 1);
  CHECK(metric(metrics, retries).value_or(0) >= 1);
  const auto health = client.get("/health", kAdmin).json();
  CHECK(health["metrics"][reconnects].get<double>() >= 1);
  CHECK(server.output().find("storage: the database connection was lost; reconnected") != std::string::npos);
  server.signal(SIGTERM);
  CHECK(server.wait() == 0);
}
