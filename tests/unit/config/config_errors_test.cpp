// Every kind of configuration error, with the exact message an operator reads: where (file:line, or
// the environment variable), the full key, and what would have been accepted.
#include <catch2/catch.hpp>

#include "config/test_schemas.hpp"
#include "support/temp_dir.hpp"

using namespace vellum;
using vellum::test::load;
using Errors = std::vector<std::string>;

namespace {
// The file's name in messages.
std::string file_in(const test::TempDir& dir) { return (dir / "vellum.yaml").string(); }

// Writes `yaml` to vellum.yaml and returns the errors of loading it.
Errors errors_of(const test::TempDir& dir, const std::string& yaml, config::Environment env = {}) {
  dir.write("vellum.yaml", yaml);
  auto report = load(dir.path(), dir / "vellum.yaml", std::move(env));
  CHECK_FALSE(report.ok());
  return report.errors;
}
const std::string kTopLevelKeys =
    "auth, data_dir, embedding, import_dir, indexing, log, mcp, plugins, queue, semantic_search, server, storage";
const std::string kServerKeys =
    "host, port, threads, max_body_bytes, max_header_bytes, max_url_bytes, read_timeout_seconds, "
    "idle_timeout_seconds, header_timeout_seconds, max_connections, max_connections_per_address, "
    "shutdown_drain_seconds, console, pid_file, cors_origins, trusted_proxies, rate_limit_window_ms, "
    "rate_limit_general, rate_limit_expensive, rate_limit_public";
}  // namespace

TEST_CASE("an unknown key names file:line and the accepted keys") {
  test::TempDir dir;
  const std::string f = file_in(dir);
  CHECK(errors_of(dir, "server:\n  port: 5000\nsever:\n  port: 1\n") ==
        Errors{f + ":3: unknown key 'sever' at top level; accepted keys: " + kTopLevelKeys});
  CHECK(errors_of(dir, "server:\n  prot: 5000\n") ==
        Errors{f + ":2: unknown key 'server.prot'; accepted keys: " + kServerKeys});
}

TEST_CASE("a wrong type, an out-of-range value and a bad choice each say what is accepted") {
  test::TempDir dir;
  const std::string f = file_in(dir);
  CHECK(errors_of(dir, "server:\n  port: abc\n") ==
        Errors{f + ":2: server.port: expected an integer from 0 to 65535, got 'abc'"});
  CHECK(errors_of(dir, "server:\n  port: 70000\n") ==
        Errors{f + ":2: server.port: expected an integer from 0 to 65535, got '70000'"});
  CHECK(errors_of(dir, "server:\n  port: 80.5\n") ==
        Errors{f + ":2: server.port: expected an integer from 0 to 65535, got '80.5'"});
  CHECK(errors_of(dir, "log:\n  level: verbose\n") ==
        Errors{f + ":2: log.level: expected one of: trace, debug, info, warn, error, got 'verbose'"});
  CHECK(errors_of(dir, "semantic_search:\n  enabled: maybe\n") ==
        Errors{f + ":2: semantic_search.enabled: expected true or false, got 'maybe'"});
  CHECK(errors_of(dir, "server:\n  console: off-ish\n") ==
        Errors{f + ":2: server.console: expected true or false, got 'off-ish'"});
}

TEST_CASE("a mapping or list where a value belongs, and a value where a section belongs") {
  test::TempDir dir;
  const std::string f = file_in(dir);
  CHECK(errors_of(dir, "server:\n  port: [1, 2]\n") ==
        Errors{f + ":2: server.port: expected an integer from 0 to 65535, got a list"});
  CHECK(errors_of(dir, "data_dir:\n  path: x\n") == Errors{f + ":1: data_dir: expected a string, got a mapping"});
  CHECK(errors_of(dir, "server: 5000\n") == Errors{f + ":1: server: expected a mapping of settings, got '5000'"});
  CHECK(errors_of(dir, "- a\n- b\n") == Errors{f + ":1: top level: expected a mapping of settings, got a list"});
  CHECK(errors_of(dir, "plugins:\n  path: [a, [b]]\n") ==
        Errors{f + ":2: plugins.path: expected a list of strings, got a list as item 2"});
  CHECK(errors_of(dir, "plugins:\n  path: [\"a:b\"]\n") ==
        Errors{f + ":2: plugins.path: item 'a:b' contains ':', which separates the items of this list"});
  CHECK(errors_of(dir, "data_dir: \"\"\n") == Errors{f + ":1: data_dir: expected a path, got ''"});
}

TEST_CASE("a key written twice is an error naming both lines") {
  test::TempDir dir;
  const std::string f = file_in(dir);
  CHECK(errors_of(dir, "server:\n  port: 1\n  host: h\n  port: 2\n") ==
        Errors{f + ":4: duplicate key 'server.port' (first set at line 2)"});
}

TEST_CASE("malformed YAML gives file:line:column") {
  test::TempDir dir;
  const std::string f = file_in(dir);
  CHECK(errors_of(dir, "server:\n  port: [5000\nlog:\n  level: info\n") ==
        Errors{f + ":3:4: malformed YAML: end of sequence flow not found"});
  CHECK(errors_of(dir, "server:\n  port: 1\n host: x\n") ==
        Errors{f + ":3:2: malformed YAML: end of map not found"});
}

TEST_CASE("a missing --config file is an error") {
  test::TempDir dir;
  auto report = load(dir.path(), dir / "nope.yaml");
  CHECK(report.errors == Errors{(dir / "nope.yaml").string() + ": cannot read the configuration file: no such file"});
  CHECK(report.source_name == (dir / "nope.yaml").string());
}

TEST_CASE("a section for a plugin that is not installed names the installed ones") {
  test::TempDir dir;
  const std::string f = file_in(dir);
  CHECK(errors_of(dir, "embedding:\n  provider: local\n  olama:\n    model: x\n") ==
        Errors{f + ":3: unknown key 'embedding.olama': no embedding plugin named 'olama'; installed: local, ollama, "
                   "openai"});
  CHECK(errors_of(dir, "storage:\n  backend: mysql\n") ==
        Errors{f + ":2: storage.backend: no storage plugin named 'mysql'; installed: postgres, sqlite"});

  test::TempDir empty;
  config::StaticPluginSchemas none;
  auto report = load(empty.path(), std::nullopt, {}, none);
  CHECK(report.errors == Errors{"embedding.provider (default 'local'): no embedding plugin named 'local'; installed: none",
                                "storage.backend (default 'sqlite'): no storage plugin named 'sqlite'; installed: none",
                                "queue.strategy (default 'background'): no queue plugin named 'background'; "
                                "installed: none"});
  auto enabled = load(empty.path(), std::nullopt, {{"EMBEDDING_QUEUE_ENABLED", "true"}}, none);
  CHECK(enabled.errors.back() == "queue.strategy (default 'background'): no queue plugin named 'background'; "
                                 "installed: none");
}

TEST_CASE("a built-in plugin packaged apart, when missing, is named with its Debian package") {
  test::TempDir dir;
  dir.write("vellum.yaml", "storage:\n  backend: postgres\n");
  config::StaticPluginSchemas sqlite_only;
  sqlite_only.add(sdk::Slot::embedding, "local", {}).add(sdk::Slot::storage, "sqlite", {}).add(sdk::Slot::queue, "background", {});
  auto report = load(dir.path(), dir / "vellum.yaml", {}, sqlite_only);
  CHECK(report.errors == Errors{file_in(dir) + ":2: storage.backend: no storage plugin named 'postgres'; installed: "
                                               "sqlite; it ships in the Debian package vellum-postgres: apt install "
                                               "vellum-postgres"});
}

TEST_CASE("a disabled queue needs no installed strategy") {
  test::TempDir dir;
  config::StaticPluginSchemas no_queue;
  no_queue.add(sdk::Slot::embedding, "local", {}).add(sdk::Slot::storage, "sqlite", {});
  auto report = load(dir.path(), std::nullopt, {{"EMBEDDING_QUEUE_ENABLED", "false"}}, no_queue);
  INFO(test::joined(report.errors));
  REQUIRE(report.ok());
  CHECK_FALSE(report.config->queue_enabled);
  CHECK(report.config->queue.plugin.empty());
}

TEST_CASE("a plugin's section is validated by that plugin's table") {
  test::TempDir dir;
  const std::string f = file_in(dir);
  CHECK(errors_of(dir, R"(embedding:
  provider: ollama
  ollama:
    dimensions: 0
    base_ur: http://x
    timeout_ms: soon
)") == Errors{f + ":5: unknown key 'embedding.ollama.base_ur'; accepted keys: base_url, model, "
                                   "dimensions, timeout_ms",
                               f + ":4: embedding.ollama.dimensions: expected an integer from 1 to 8192, got '0'",
                               f + ":6: embedding.ollama.timeout_ms: expected an integer from 100 to 600000, got "
                                   "'soon'"});
  CHECK(errors_of(dir, "queue:\n  strategy: sync\n  sync:\n    workers: 2\n") ==
        Errors{f + ":4: unknown key 'queue.sync.workers'; this plugin takes no settings"});
  CHECK(errors_of(dir, "embedding:\n  provider: openai\n") ==
        Errors{"embedding.openai.api_key is required (a string): API key"});
}

TEST_CASE("environment errors name the variable instead of file:line") {
  test::TempDir dir;
  auto errors = [&](config::Environment env) { return load(dir.path(), std::nullopt, std::move(env)).errors; };
  CHECK(errors({{"VELLUM_SERVER__PORT", "abc"}}) ==
        Errors{"env VELLUM_SERVER__PORT: server.port: expected an integer from 0 to 65535, got 'abc'"});
  CHECK(errors({{"PORT", "99999"}}) == Errors{"env PORT: server.port: expected an integer from 0 to 65535, got '99999'"});
  CHECK(errors({{"EMBEDDING_QUEUE_ENABLED", "sometimes"}}) ==
        Errors{"env EMBEDDING_QUEUE_ENABLED: queue.enabled: expected true or false, got 'sometimes'"});
  CHECK(errors({{"VELLUM_SEVER__PORT", "1"}}) ==
        Errors{"env VELLUM_SEVER__PORT: unknown key 'sever' at top level; accepted keys: " + kTopLevelKeys});
  CHECK(errors({{"VELLUM_SERVER_PORT", "1"}}) ==
        Errors{"env VELLUM_SERVER_PORT: unknown key 'server_port' at top level; accepted keys: " + kTopLevelKeys +
               " (levels are separated by '__', e.g. VELLUM_SERVER__PORT)"});
  CHECK(errors({{"VELLUM_SERVER", "1"}}) ==
        Errors{"env VELLUM_SERVER: 'server' is a section; set one of its keys as VELLUM_SERVER__<KEY>"});
  CHECK(errors({{"VELLUM_SERVER__PORT__X", "1"}}) ==
        Errors{"env VELLUM_SERVER__PORT__X: unknown key 'server.port.x': server.port takes a single value, not a "
               "section"});
  CHECK(errors({{"VELLUM_EMBEDDING__COHERE__MODEL", "x"}}) ==
        Errors{"env VELLUM_EMBEDDING__COHERE__MODEL: unknown key 'embedding.cohere': no embedding plugin named "
               "'cohere'; installed: local, ollama, openai"});
}

TEST_CASE("rules across two keys") {
  test::TempDir dir;
  const std::string f = file_in(dir);
  CHECK(errors_of(dir, "indexing:\n  chunk_tokens: 100\n  chunk_overlap_tokens: 100\n") ==
        Errors{f + ":3: indexing.chunk_overlap_tokens: must be smaller than indexing.chunk_tokens (100), got 100"});
  CHECK(errors_of(dir, "auth:\n  token: abc-0123456789abcdef\n  token_file: /run/secrets/token\n") ==
        Errors{f + ":3: auth.token_file: set either auth.token or auth.token_file, not both (auth.token is set at " +
               f + ":2)"});
  CHECK(errors_of(dir, "mcp:\n  max_sessions: 50\n  max_sessions_per_token: 50\n") ==
        Errors{f + ":3: mcp.max_sessions_per_token: must be below mcp.max_sessions (50), got 50"});
  CHECK(errors_of(dir, "mcp:\n  max_sessions: 10\n") ==
        Errors{f + ":2: mcp.max_sessions_per_token: must be below mcp.max_sessions (10), got 20"});
}

TEST_CASE("an admin token shorter than 16 characters is an error naming where it was set") {
  test::TempDir dir;
  const std::string f = file_in(dir);
  CHECK(errors_of(dir, "auth:\n  token: abc\n") ==
        Errors{f + ":2: auth.token: the admin token must be at least 16 characters, got 3 (choose a long random "
                   "one, e.g. openssl rand -hex 32)"});
  test::TempDir no_file;
  auto report = load(no_file.path(), std::nullopt, {{"AUTH_TOKEN", "fifteen-chars-x"}});
  CHECK(report.errors == Errors{"env AUTH_TOKEN: auth.token: the admin token must be at least 16 characters, got 15 "
                                "(choose a long random one, e.g. openssl rand -hex 32)"});
  CHECK(load(no_file.path(), std::nullopt, {{"AUTH_TOKEN", "sixteen-chars-xy"}}).ok());
}

TEST_CASE("an admin token from a higher-precedence source replaces the other kind, with a warning") {
  test::TempDir dir;
  auto file = dir.write("vellum.yaml", "auth:\n  token_file: /run/secrets/token\n");
  auto report = load(dir.path(), file, {{"AUTH_TOKEN", "from-the-environment"}});
  REQUIRE(report.ok());
  CHECK(report.config->auth.token == "from-the-environment");
  CHECK_FALSE(report.config->auth.token_file.has_value());
  CHECK(report.config->effective.count("auth.token_file") == 0);
  CHECK(report.warnings == Errors{"auth.token_file (" + file.string() +
                                  ":2) is ignored: auth.token is set by env AUTH_TOKEN, which takes precedence"});
}

TEST_CASE("every error is reported, not just the first") {
  test::TempDir dir;
  const std::string f = file_in(dir);
  auto errors = errors_of(dir, R"(sever: 1
server:
  port: abc
log:
  level: loud
embedding:
  provider: olama
)",
                          {{"VELLUM_INDEXING__CHUNK_TOKENS", "1"}});
  CHECK(errors == Errors{
                      f + ":1: unknown key 'sever' at top level; accepted keys: " + kTopLevelKeys,
                      f + ":3: server.port: expected an integer from 0 to 65535, got 'abc'",
                      f + ":5: log.level: expected one of: trace, debug, info, warn, error, got 'loud'",
                      "env VELLUM_INDEXING__CHUNK_TOKENS: indexing.chunk_tokens: expected an integer from 16 to 8192, "
                      "got '1'",
                      f + ":7: embedding.provider: no embedding plugin named 'olama'; installed: local, ollama, openai",
                  });
}

TEST_CASE("to_result joins every error into one invalid_argument message") {
  test::TempDir dir;
  auto result = config::to_result(load(dir.path(), std::nullopt, {{"PORT", "x"}, {"LOG_LEVEL", "y"}}));
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().kind == sdk::ErrorKind::invalid_argument);
  CHECK(result.error().message ==
        "env PORT: server.port: expected an integer from 0 to 65535, got 'x'\n"
        "env LOG_LEVEL: log.level: expected one of: trace, debug, info, warn, error, got 'y'");
}
