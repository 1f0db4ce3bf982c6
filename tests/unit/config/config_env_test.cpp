// Environment overrides: VELLUM_<SECTION>__<KEY>, the names existing deployments use, and deprecated
// aliases with their warnings; and the order in which they win.
#include <catch2/catch.hpp>

#include "config/plugin_settings.hpp"
#include "config/test_schemas.hpp"
#include "support/temp_dir.hpp"

using namespace vellum;
using vellum::test::load;

namespace {
std::string text_of(const config::Config& c, const std::string& key) {
  return config::format_value(c.effective.at(key).value);
}
}  // namespace

TEST_CASE("VELLUM_ variables set any key, plugin settings included") {
  test::TempDir dir;
  auto report = load(dir.path(), std::nullopt,
                     {{"VELLUM_SERVER__PORT", "8080"},
                      {"VELLUM_STORAGE__BACKEND", "postgres"},
                      {"VELLUM_STORAGE__POSTGRES__URL", "postgresql://vellum@db/vellum"},
                      {"VELLUM_EMBEDDING__PROVIDER", "ollama"},
                      {"VELLUM_EMBEDDING__OLLAMA__BASE_URL", "http://gpu:11434"},
                      {"VELLUM_DATA_DIR", "/srv/vellum"},
                      {"VELLUM_SERVER__CORS_ORIGINS", "https://a.example,https://b.example"},
                      {"VELLUM_PLUGIN_PATH", "/not/a/config/key"},  // read by the plugin loader
                      {"VELLUM_TEST_PG_URL", "host=db"}});           // the test suite's own
  INFO(test::joined(report.errors));
  REQUIRE(report.ok());
  const auto& c = *report.config;
  CHECK(c.server.port == 8080);
  CHECK(c.effective.at("server.port").origin.label() == "env:VELLUM_SERVER__PORT");
  CHECK(c.storage.plugin == "postgres");
  CHECK(c.storage.settings.get_string("url") == "postgresql://vellum@db/vellum");
  CHECK(c.embedding.settings.get_string("base_url") == "http://gpu:11434");
  CHECK(c.effective.at("embedding.ollama.base_url").origin.label() == "env:VELLUM_EMBEDDING__OLLAMA__BASE_URL");
  CHECK(c.data_dir == "/srv/vellum");
  CHECK(c.server.cors_origins == std::vector<std::string>{"https://a.example", "https://b.example"});
  CHECK(c.warnings.empty());
}

TEST_CASE("the names existing deployments use map to their keys") {
  struct Case {
    const char* variable;
    const char* value;
    const char* key;
    const char* effective;
  };
  const Case cases[] = {
      {"AUTH_TOKEN", "admin-token-1234", "auth.token", "admin-token-1234"},
      {"PORT", "3000", "server.port", "3000"},
      {"SEMANTIC_SEARCH_ENABLED", "false", "semantic_search.enabled", "false"},
      {"EMBEDDING_PROVIDER", "ollama", "embedding.provider", "ollama"},
      {"EMBEDDING_MODEL", "all-minilm", "embedding.ollama.model", "all-minilm"},
      {"EMBEDDING_DIMENSIONS", "384", "embedding.ollama.dimensions", "384"},
      {"OLLAMA_BASE_URL", "http://host.docker.internal:11434", "embedding.ollama.base_url",
       "http://host.docker.internal:11434"},
      {"DATA_DIR", "/data", "data_dir", "/data"},
      {"LOG_LEVEL", "warn", "log.level", "warn"},
      {"CHUNK_SIZE", "400", "indexing.chunk_tokens", "400"},
      {"CHUNK_OVERLAP", "40", "indexing.chunk_overlap_tokens", "40"},
      {"EMBEDDING_QUEUE_ENABLED", "false", "queue.enabled", "false"},
      {"EMBEDDING_QUEUE_WORKER_INTERVAL", "7000", "queue.background.worker_interval_ms", "7000"},
      {"EMBEDDING_QUEUE_MAX_RETRIES", "5", "queue.background.max_retries", "5"},
      {"EMBEDDING_QUEUE_RETRY_BACKOFF_BASE", "2000", "queue.background.retry_backoff_base_ms", "2000"},
      {"EMBEDDING_QUEUE_BATCH_SIZE", "8", "queue.background.batch_size", "8"},
      {"EMBEDDING_QUEUE_CLEANUP_INTERVAL", "12", "queue.background.cleanup_interval_hours", "12"},
      {"EMBEDDING_QUEUE_CLEANUP_RETENTION_DAYS", "14", "queue.background.cleanup_retention_days", "14"},
      {"EMBEDDING_QUEUE_HEARTBEAT_INTERVAL", "20000", "queue.background.heartbeat_interval_ms", "20000"},
      {"EMBEDDING_QUEUE_METRICS_INTERVAL", "120000", "queue.background.metrics_interval_ms", "120000"},
      {"EMBEDDING_QUEUE_MAX_PROCESSING_TIME", "600000", "queue.background.max_processing_time_ms", "600000"},
      {"EMBEDDING_QUEUE_STUCK_TASK_CLEANUP_ENABLED", "no", "queue.background.stuck_task_cleanup_enabled", "false"},
  };
  config::Environment env;
  for (const auto& c : cases) env.emplace(c.variable, c.value);
  test::TempDir dir;
  auto report = load(dir.path(), std::nullopt, env);
  INFO(test::joined(report.errors));
  REQUIRE(report.ok());
  CHECK(report.config->warnings.empty());
  for (const auto& c : cases) {
    INFO(c.variable);
    CHECK(text_of(*report.config, c.key) == c.effective);
    CHECK(report.config->effective.at(c.key).origin.label() == std::string("env:") + c.variable);
  }
}

TEST_CASE("OpenAI and PostgreSQL names") {
  test::TempDir dir;
  auto report = load(dir.path(), std::nullopt,
                     {{"EMBEDDING_PROVIDER", "openai"},
                      {"OPENAI_API_KEY", "sk-abcdefghijklmnop"},
                      {"OPENAI_BASE_URL", "http://llm.internal/v1"},
                      {"EMBEDDING_MODEL", "text-embedding-3-large"},
                      {"VELLUM_STORAGE__BACKEND", "postgres"},
                      {"DATABASE_URL", "postgresql://u:p@db:5432/vellum"}});
  INFO(test::joined(report.errors));
  REQUIRE(report.ok());
  const auto& c = *report.config;
  CHECK(c.embedding.settings.get_string("api_key") == "sk-abcdefghijklmnop");
  CHECK(c.embedding.settings.get_string("base_url") == "http://llm.internal/v1");
  CHECK(c.embedding.settings.get_string("model") == "text-embedding-3-large");  // to the selected provider
  CHECK(c.storage.settings.get_string("url") == "postgresql://u:p@db:5432/vellum");
  CHECK(c.effective.at("storage.postgres.url").origin.label() == "env:DATABASE_URL");
}

TEST_CASE("settings for a plugin that is installed but not selected are kept out of the effective config") {
  test::TempDir dir;
  auto report = load(dir.path(), std::nullopt, {{"OLLAMA_BASE_URL", "http://x:11434"}, {"OPENAI_API_KEY", "sk-1"}});
  REQUIRE(report.ok());
  CHECK(report.config->embedding.plugin == "local");
  CHECK(report.config->effective.count("embedding.ollama.base_url") == 0);
  CHECK(report.config->warnings.empty());
}

TEST_CASE("deprecated aliases are accepted with a warning naming the variable to use") {
  struct Case {
    const char* alias;
    const char* value;
    const char* key;
    const char* replacement;
  };
  const Case cases[] = {
      {"EMBEDDING_WORKER_INTERVAL", "30000", "queue.background.worker_interval_ms", "EMBEDDING_QUEUE_WORKER_INTERVAL"},
      {"EMBEDDING_MAX_RETRIES", "4", "queue.background.max_retries", "EMBEDDING_QUEUE_MAX_RETRIES"},
      {"EMBEDDING_BATCH_SIZE", "2", "queue.background.batch_size", "EMBEDDING_QUEUE_BATCH_SIZE"},
      {"EMBEDDING_RETRY_BACKOFF_BASE", "500", "queue.background.retry_backoff_base_ms",
       "EMBEDDING_QUEUE_RETRY_BACKOFF_BASE"},
      {"EMBEDDING_WORKER_TIMEOUT", "600000", "queue.background.task_timeout_ms",
       "VELLUM_QUEUE__BACKGROUND__TASK_TIMEOUT_MS"},
      {"EMBEDDING_QUEUE_STUCK_TIMEOUT", "900000", "queue.background.max_processing_time_ms",
       "EMBEDDING_QUEUE_MAX_PROCESSING_TIME"},
      {"EMBEDDING_CONCURRENT_WORKERS", "1", "queue.background.workers", "VELLUM_QUEUE__BACKGROUND__WORKERS"},
      {"EMBEDDING_QUEUE_RETENTION_DAYS", "10", "queue.background.cleanup_retention_days",
       "EMBEDDING_QUEUE_CLEANUP_RETENTION_DAYS"},
      {"EMBEDDING_CLEANUP_RETENTION_DAYS", "10", "queue.background.cleanup_retention_days",
       "EMBEDDING_QUEUE_CLEANUP_RETENTION_DAYS"},
  };
  for (const auto& c : cases) {
    INFO(c.alias);
    test::TempDir dir;
    auto report = load(dir.path(), std::nullopt, {{c.alias, c.value}});
    INFO(test::joined(report.errors));
    REQUIRE(report.ok());
    CHECK(text_of(*report.config, c.key) == c.value);
    CHECK(report.config->effective.at(c.key).origin.label() == std::string("env:") + c.alias);
    CHECK(report.config->warnings ==
          std::vector<std::string>{std::string("environment variable ") + c.alias + " is deprecated; use " +
                                   c.replacement + " instead (it sets " + c.key + ")"});
  }
}

TEST_CASE("precedence: default < file < deprecated alias < established name < VELLUM_") {
  test::TempDir dir;
  auto file = dir.write("vellum.yaml", "server:\n  port: 6000\nqueue:\n  background:\n    max_retries: 1\n");
  auto port = [&](config::Environment env) { return load(dir.path(), file, std::move(env)).config->server.port; };
  CHECK(port({}) == 6000);
  CHECK(port({{"PORT", "7000"}}) == 7000);
  CHECK(port({{"PORT", "7000"}, {"VELLUM_SERVER__PORT", "8000"}}) == 8000);
  test::TempDir elsewhere;  // no vellum.yaml to find
  CHECK(load(elsewhere.path(), std::nullopt, {}).config->server.port == 5000);

  auto retries = [&](config::Environment env) {
    auto report = load(dir.path(), file, std::move(env));
    const auto& setting = report.config->effective.at("queue.background.max_retries");
    return config::format_value(setting.value) + " " + setting.origin.label();
  };
  CHECK(retries({}) == "1 file:" + file.string() + ":5");
  CHECK(retries({{"EMBEDDING_MAX_RETRIES", "2"}}) == "2 env:EMBEDDING_MAX_RETRIES");
  CHECK(retries({{"EMBEDDING_MAX_RETRIES", "2"}, {"EMBEDDING_QUEUE_MAX_RETRIES", "3"}}) ==
        "3 env:EMBEDDING_QUEUE_MAX_RETRIES");
  CHECK(retries({{"EMBEDDING_MAX_RETRIES", "2"},
                 {"EMBEDDING_QUEUE_MAX_RETRIES", "3"},
                 {"VELLUM_QUEUE__BACKGROUND__MAX_RETRIES", "4"}}) == "4 env:VELLUM_QUEUE__BACKGROUND__MAX_RETRIES");
}

TEST_CASE("EMBEDDING_MODEL follows the provider chosen by the VELLUM_ variable") {
  test::TempDir dir;
  auto file = dir.write("vellum.yaml", "embedding:\n  provider: ollama\n");
  auto report = load(dir.path(), file,
                     {{"EMBEDDING_PROVIDER", "ollama"}, {"VELLUM_EMBEDDING__PROVIDER", "local"},
                      {"EMBEDDING_MODEL", "custom"}});
  REQUIRE(report.ok());
  CHECK(report.config->embedding.plugin == "local");
  CHECK(report.config->embedding.settings.get_string("model") == "custom");
}

TEST_CASE("empty or blank environment values count as unset") {
  test::TempDir dir;
  auto report = load(dir.path(), std::nullopt, {{"DATA_DIR", ""}, {"PORT", "  "}, {"VELLUM_LOG__LEVEL", ""}});
  REQUIRE(report.ok());
  CHECK(report.config->data_dir == dir / "data");
  CHECK(report.config->server.port == 5000);
}

TEST_CASE("legacy names that cannot apply are ignored with a warning") {
  test::TempDir dir;
  config::StaticPluginSchemas no_ollama;
  const sdk::ConfigOption model[] = {sdk::option_string("model", "m", "Model")};
  no_ollama.add(sdk::Slot::embedding, "local", {std::begin(model), std::end(model)})
      .add(sdk::Slot::storage, "sqlite", {})
      .add(sdk::Slot::queue, "background", {});
  auto report = load(dir.path(), std::nullopt,
                     {{"OLLAMA_BASE_URL", "http://x:11434"}, {"EMBEDDING_DIMENSIONS", "512"},
                      {"EMBEDDING_CLEANUP_INTERVAL", "86400000"}},
                     no_ollama);
  INFO(test::joined(report.errors));
  REQUIRE(report.ok());
  CHECK(report.warnings == std::vector<std::string>{
                               "environment variable OLLAMA_BASE_URL is ignored: unknown key 'embedding.ollama': no "
                               "embedding plugin named 'ollama'; installed: local; it ships in the Debian "
                               "package vellum-http-providers: apt install vellum-http-providers",
                               "environment variable EMBEDDING_DIMENSIONS is ignored: unknown key "
                               "'embedding.local.dimensions'; accepted keys: model",
                               "environment variable EMBEDDING_CLEANUP_INTERVAL is not supported: its documented unit "
                               "was milliseconds but the old code used hours; set EMBEDDING_QUEUE_CLEANUP_INTERVAL "
                               "(hours)",
                           });
  CHECK(report.config->warnings == report.warnings);
}

TEST_CASE("environment_from reads environ-style entries") {
  char a[] = "PORT=8080";
  char b[] = "EMPTY=";
  char c[] = "WITH_EQUALS=a=b";
  char* envp[] = {a, b, c, nullptr};
  auto env = config::environment_from(envp);
  CHECK(env == config::Environment{{"PORT", "8080"}, {"EMPTY", ""}, {"WITH_EQUALS", "a=b"}});
}
