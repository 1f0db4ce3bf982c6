// Two real `vellum serve` processes on one PostgreSQL database: they share the durable queue (each
// task embedded once — counted at the fake Ollama) and each keeps its vector index current from the
// other's writes through the chunk change feed, so both answer a semantic search alike.
#include <catch2/catch.hpp>

#include <csignal>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "fake_ollama.hpp"
#include "storage/pg_connection.hpp"
#include "storage/postgres_target.hpp"
#include "support/http_client.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

using namespace vellum::test;

namespace {

constexpr int kArticlesPerServer = 2500;  // 5,000 tasks between the two
const std::string kAdminToken = "two-servers-admin-token-0123456789";

std::string server_config(const TempDir& dir, const PostgresTarget& pg, const FakeOllama& fake) {
  std::ofstream(dir / "vellum.yaml")
      << "data_dir: " << dir.path().string() << "\n"
      << "auth:\n  token: " << kAdminToken << "\n"
      << "server:\n  rate_limit_general: 0\n"
      << "embedding:\n  provider: ollama\n  ollama:\n    base_url: " << fake.base_url()
      << "\n    dimensions: " << fake.dimensions() << "\n"
      << "storage:\n  backend: postgres\n  postgres:\n    url: \"" << pg.url() << "\"\n    schema: " << pg.schema()
      << "\n"
      << "queue:\n  strategy: background\n  background:\n    worker_interval_ms: 1000\n    batch_size: 32\n"
      << "indexing:\n  change_feed_poll_ms: 50\n";
  return (dir / "vellum.yaml").string();
}

std::uint16_t listening_port(RunningProcess& server) {
  auto log = server.wait_for_output(" ms\n");
  REQUIRE(log.has_value());
  std::smatch match;
  REQUIRE(std::regex_search(*log, match, std::regex("listening on [^ ]+:([0-9]+) ")));
  return static_cast<std::uint16_t>(std::stoi(match[1]));
}

// Returns the first failure's status and body ("" when every write succeeded): REQUIRE cannot be used
// off the test's thread.
std::string write_articles(std::uint16_t port, const std::string& prefix) {
  HttpClient client(port);
  const Fields admin{{"Authorization", "Bearer " + kAdminToken}};
  for (int i = 0; i < kArticlesPerServer; ++i) {
    const std::string title = prefix + " note " + std::to_string(i);
    auto res = client.post_json("/api/articles",
                                {{"title", title}, {"content", "# " + title + "\n\nAbout " + prefix + " topic " +
                                                                   std::to_string(i % 37) + ".\n"}},
                                admin);
    if (res.status != 201) return std::to_string(res.status) + " " + res.body + res.error;
  }
  return "";
}

// A server's log without its info lines: 5,000 access-log lines would bury the warnings and errors
// that explain a failed write.
std::string warnings_and_errors(const std::string& log) {
  std::string kept;
  std::istringstream lines(log);
  for (std::string line; std::getline(lines, line);) {
    if (line.find("[info]") == std::string::npos && line.find(" info ") == std::string::npos) kept += line + "\n";
  }
  return kept;
}

// The slugs and scores a server answers, in order.
std::vector<std::string> semantic(std::uint16_t port, const std::string& query) {
  HttpClient client(port);
  auto res = client.get("/api/search?mode=semantic&k=10&query=" + query,
                        {{"Authorization", "Bearer " + kAdminToken}});
  REQUIRE(res.status == 200);
  std::vector<std::string> hits;
  for (const auto& hit : res.json()) hits.push_back(hit.dump());
  return hits;
}

}  // namespace

TEST_CASE("two servers on one database share the queue and answer semantic search alike", "[postgres]") {
  PostgresTarget pg;
  FakeOllama fake({.dimensions = 16});
  TempDir dir_a("vellum-a"), dir_b("vellum-b");
  RunningProcess a({"serve", "--config", server_config(dir_a, pg, fake), "--port", "0"},
                   ProcessOptions{dir_a.path(), {}, {}});
  const auto port_a = listening_port(a);
  RunningProcess b({"serve", "--config", server_config(dir_b, pg, fake), "--port", "0"},
                   ProcessOptions{dir_b.path(), {}, {}});
  const auto port_b = listening_port(b);
  fake.reset_counters();  // the start-up health checks embed a probe text; only indexing counts below
  // Load both vector indexes now, while the database is empty: from here on each index learns the
  // other server's work only through the change feed (a later first search would load it all).
  CHECK(semantic(port_a, "warm%20up").empty());
  CHECK(semantic(port_b, "warm%20up").empty());
  fake.reset_counters();  // the warm-up searches embedded their query

  std::string failed_a;
  std::thread writer_a([&] { failed_a = write_articles(port_a, "alpha"); });
  const auto failed_b = write_articles(port_b, "beta");
  writer_a.join();
  INFO("server a:\n" << warnings_and_errors(a.output()) << "---\nserver b:\n" << warnings_and_errors(b.output()));
  REQUIRE(failed_a == "");
  REQUIRE(failed_b == "");

  PgConnection sql(pg.url(), pg.schema());
  const auto open_tasks = "SELECT COUNT(*) FROM embedding_tasks WHERE status IN ('pending', 'processing')";
  for (int i = 0; i < 2400 && sql.one(open_tasks) != "0"; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  REQUIRE(sql.one(open_tasks) == "0");
  CHECK(sql.one("SELECT COUNT(*) FROM embedding_tasks WHERE status = 'completed'") ==
        std::to_string(2 * kArticlesPerServer));
  CHECK(sql.one("SELECT COUNT(*) FROM embedding_tasks WHERE status = 'failed'") == "0");
  // Both workers claimed work, and no chunk was embedded twice.
  CHECK(sql.one("SELECT COUNT(DISTINCT split_part(claimed_by, ':', 2)) FROM embedding_tasks") == "2");
  const auto chunks = std::stoul(sql.one("SELECT COUNT(*) FROM embeddings"));
  CHECK(chunks >= static_cast<unsigned long>(2 * kArticlesPerServer));
  CHECK(fake.inputs() == chunks);

  // Each index follows the other's writes within a few polls; wait (bounded) until they agree.
  const std::vector<std::string> queries{"alpha%20topic%205", "beta%20topic%2012", "beta%20note%20300"};
  auto agree = [&] {
    for (const auto& q : queries) {
      if (semantic(port_a, q) != semantic(port_b, q)) return false;
    }
    return true;
  };
  for (int i = 0; i < 200 && !agree(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  for (const auto& q : queries) {
    const auto from_a = semantic(port_a, q);
    CHECK(from_a.size() == 10);
    CHECK(from_a == semantic(port_b, q));
  }
  a.signal(SIGTERM);
  b.signal(SIGTERM);
  CHECK(a.wait() == 0);
  CHECK(b.wait() == 0);
}
