// `vellum serve` end to end: starts on the embedded default with no configuration at all, answers
// /health, hot-swaps the provider on SIGHUP (and refuses a broken change), stops cleanly on SIGTERM.
#include <catch2/catch.hpp>

#include <csignal>
#include <filesystem>
#include <regex>

#include <nlohmann/json.hpp>
#include <sstream>

#include "support/http_client.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

using vellum::test::HttpClient;
using vellum::test::ProcessOptions;
using vellum::test::RunningProcess;
using vellum::test::TempDir;

namespace {

std::uint16_t listening_port(RunningProcess& server) {
  auto log = server.wait_for_output(" ms\n");
  REQUIRE(log.has_value());
  std::smatch match;
  REQUIRE(std::regex_search(*log, match, std::regex("listening on [^ ]+:([0-9]+) ")));
  return static_cast<std::uint16_t>(std::stoi(match[1]));
}

}  // namespace

TEST_CASE("serve starts on built-in defaults, answers /health and stops on SIGTERM") {
  TempDir cwd;
  RunningProcess server({"serve", "--host", "127.0.0.1", "--port", "0"}, ProcessOptions{cwd.path(), {}, {}});
  const auto port = listening_port(server);
  CHECK_THAT(server.output(), Catch::Contains("config: built-in defaults; storage: sqlite; embedding: local"));

  HttpClient client(port);
  auto health = client.get("/health");
  REQUIRE(health.status == 200);
  CHECK(health.json()["status"] == "ok");
  CHECK(health.json()["database"]["healthy"] == true);
  CHECK(std::filesystem::exists(cwd / "data" / "vellum.db"));  // data under ./data by default

  server.signal(SIGTERM);
  CHECK(server.wait() == 0);
  CHECK_THAT(server.output(), Catch::Contains("stopped"));
}

TEST_CASE("SIGHUP swaps a changed provider and refuses a broken configuration, keeping the old runtime") {
  TempDir cwd;
  auto config = cwd.write("vellum.yaml",
                          "server:\n  host: 127.0.0.1\n  port: 0\nembedding:\n  provider: local\n  local:\n"
                          "    dimensions: 64\n");
  RunningProcess server({"serve"}, ProcessOptions{cwd.path(), {}, {}});
  const auto port = listening_port(server);
  CHECK_THAT(server.output(), Catch::Contains("config: vellum.yaml"));

  cwd.write("vellum.yaml",
            "server:\n  host: 127.0.0.1\n  port: 0\nembedding:\n  provider: local\n  local:\n    dimensions: 128\n");
  server.signal(SIGHUP);
  // The queue (background, on by default) is bound to the unchanged storage, so it is kept too.
  REQUIRE(server.wait_for_output("runtime generation 2 active (rebuilt: embedding; reused: storage, queue)"));

  cwd.write("vellum.yaml", "server:\n  host: 127.0.0.1\n  port: 0\nembedding:\n  provider: nonexistent\n");
  server.signal(SIGHUP);
  REQUIRE(server.wait_for_output("reload refused: "));
  CHECK_THAT(server.output(), Catch::Contains("nonexistent"));

  HttpClient client(port);
  CHECK(client.get("/health").status == 200);  // still serving on generation 2

  server.signal(SIGINT);
  CHECK(server.wait() == 0);
}

TEST_CASE("serve refuses to start on an invalid configuration and says why") {
  TempDir cwd;
  cwd.write("vellum.yaml", "server:\n  port: not-a-port\n");
  auto result = vellum::test::run_vellum({"serve"}, ProcessOptions{cwd.path(), {}, {}});
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.err, Catch::Contains("vellum.yaml:2") && Catch::Contains("server.port"));
}

TEST_CASE("serve refuses an admin token shorter than 16 characters, naming the setting, config check too") {
  TempDir cwd;
  const ProcessOptions short_env{cwd.path(), {{"AUTH_TOKEN", "abc"}}, {}};
  // Bounded: before this rule the server would have started and served.
  auto served = vellum::test::run_vellum({"serve", "--host", "127.0.0.1", "--port", "0"}, short_env,
                                         std::chrono::seconds(20));
  CHECK(served.exit_code == 1);
  CHECK_THAT(served.err, Catch::Contains("AUTH_TOKEN") && Catch::Contains("auth.token") &&
                             Catch::Contains("at least 16 characters"));
  auto checked = vellum::test::run_vellum({"config", "check"}, short_env);
  CHECK(checked.exit_code == 1);
  CHECK_THAT(checked.out, Catch::Contains("AUTH_TOKEN") && Catch::Contains("auth.token"));

  cwd.write("short-token", "abc\n");
  cwd.write("vellum.yaml", "auth:\n  token_file: short-token\n");
  auto from_file = vellum::test::run_vellum({"serve", "--host", "127.0.0.1", "--port", "0"},
                                            ProcessOptions{cwd.path(), {}, {}}, std::chrono::seconds(20));
  CHECK(from_file.exit_code == 1);
  CHECK_THAT(from_file.err, Catch::Contains("auth.token_file") && Catch::Contains("short-token") &&
                                Catch::Contains("at least 16"));
}

TEST_CASE("serve with --log-format json writes one JSON object per log line") {
  TempDir cwd;
  RunningProcess server({"serve", "--host", "127.0.0.1", "--port", "0", "--log-format", "json"},
                        ProcessOptions{cwd.path(), {}, {}});
  auto log = server.wait_for_output("listening on");
  REQUIRE(log.has_value());
  server.signal(SIGTERM);
  CHECK(server.wait() == 0);
  std::istringstream lines(server.output());
  std::string line;
  int parsed = 0;
  while (std::getline(lines, line)) {
    if (line.empty()) continue;
    auto json = nlohmann::json::parse(line);  // throws (fails the test) on a non-JSON line
    CHECK(json.contains("time"));
    CHECK(json.contains("level"));
    CHECK(json.contains("msg"));
    ++parsed;
  }
  CHECK(parsed >= 2);
}

TEST_CASE("serve answers the web console at / unless server.console is false") {
  TempDir cwd;
  {
    RunningProcess server({"serve", "--host", "127.0.0.1", "--port", "0"}, ProcessOptions{cwd.path(), {}, {}});
    HttpClient client(listening_port(server));
    auto page = client.get("/");
    REQUIRE(page.status == 200);
    CHECK(page.header("content-type") == "text/html; charset=utf-8");
    CHECK_THAT(page.header("content-security-policy"), Catch::Contains("style-src 'self';"));
    CHECK_THAT(page.body, Catch::Contains("/js/main.js"));
    // The API's own answers keep the API's policy and no-store.
    CHECK(client.get("/health").header("cache-control") == "no-store");
    server.signal(SIGTERM);
    CHECK(server.wait() == 0);
  }
  cwd.write("vellum.yaml", "server:\n  host: 127.0.0.1\n  port: 0\n  console: false\n");
  RunningProcess server({"serve"}, ProcessOptions{cwd.path(), {}, {}});
  HttpClient client(listening_port(server));
  CHECK(client.get("/").status == 404);
  CHECK(client.get("/health").status == 200);
  server.signal(SIGTERM);
  CHECK(server.wait() == 0);
}
