// With no file and no environment, Vellum runs on built-in defaults with data under ./data.
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>

#include "config/core_settings.hpp"
#include "config/test_schemas.hpp"
#include "support/temp_dir.hpp"

using namespace vellum;
using vellum::test::load;

TEST_CASE("no file and no environment: the built-in defaults") {
  test::TempDir dir;
  auto report = load(dir.path());
  REQUIRE(report.errors.empty());
  REQUIRE(report.ok());
  const config::Config& c = *report.config;

  CHECK(report.source_name == "built-in defaults");
  CHECK_FALSE(c.file.has_value());
  CHECK(c.server.host == "0.0.0.0");
  CHECK(c.server.port == 5000);
  CHECK(c.server.threads >= 1);  // 0 means one per core
  CHECK(c.server.max_body_bytes == 10 * 1024 * 1024);
  CHECK(c.server.max_header_bytes == 16384);
  CHECK(c.server.max_url_bytes == 8192);
  CHECK(c.server.read_timeout == std::chrono::seconds(30));
  CHECK(c.server.idle_timeout == std::chrono::seconds(60));
  CHECK(c.server.shutdown_drain == std::chrono::seconds(10));
  CHECK(c.server.cors_origins.empty());
  CHECK(c.server.console);  // the web console is served unless turned off
  CHECK_FALSE(c.auth.token.has_value());
  CHECK_FALSE(c.auth.token_file.has_value());
  CHECK(c.log.level == config::LogLevel::info);
  CHECK(c.log.format == config::LogFormat::text);
  CHECK(c.data_dir == dir / "data");
  CHECK(c.plugins.path.empty());
  CHECK(c.semantic_search.enabled);
  CHECK(c.indexing.chunk_tokens == 500);
  CHECK(c.indexing.chunk_overlap_tokens == 50);
  CHECK(c.indexing.change_feed_poll == std::chrono::milliseconds(1000));
  CHECK(c.semantic_search.hnsw_threshold == 20000);
  CHECK(c.semantic_search.hnsw_m == 16);
  CHECK(c.semantic_search.hnsw_ef_construction == 100);
  CHECK(c.semantic_search.hnsw_ef_search == 128);

  CHECK(c.embedding.plugin == "local");
  CHECK(c.embedding.settings.section() == "embedding.local");
  CHECK(c.embedding.settings.get_integer("dimensions") == 384);
  CHECK(c.storage.plugin == "sqlite");
  CHECK(c.storage.settings.get_string("file") == "vellum.db");
  CHECK(c.queue.plugin == "background");
  CHECK(c.queue.settings.get_integer("worker_interval_ms") == 5000);
  CHECK(c.queue_enabled);  // the background queue ships with Vellum
  CHECK(c.warnings.empty());

  for (const auto& [key, setting] : c.effective) {
    INFO(key);
    CHECK(setting.origin.label() == "default");
  }
}

TEST_CASE("the configured thread count is kept when it is not 0") {
  test::TempDir dir;
  auto report = load(dir.path(), std::nullopt, {{"VELLUM_SERVER__THREADS", "3"}});
  REQUIRE(report.ok());
  CHECK(report.config->server.threads == 3);
}

TEST_CASE("the shipped config/vellum.yaml shows every core key with its built-in default") {
  test::TempDir dir;
  const std::filesystem::path shipped = std::filesystem::path(VELLUM_SOURCE_DIR) / "config" / "vellum.yaml";
  auto from_file = load(dir.path(), shipped);
  INFO(test::joined(from_file.errors));
  REQUIRE(from_file.ok());
  auto defaults = load(dir.path());
  REQUIRE(defaults.ok());

  std::ifstream in(shipped);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  for (const auto& section : config::core_sections()) {
    for (const auto& option : section.options) {
      const std::string key = section.name.empty() ? option.key : std::string(section.name) + "." + option.key;
      INFO(key);
      // Commented out, shown: the auth keys (no default), data_dir (its default is relative to the
      // working directory, a value written in the file would be relative to the file), import_dir and
      // server.pid_file (derived from data_dir).
      if (!option.default_value || key == "data_dir" || key == "import_dir" || key == "server.pid_file") {
        CHECK(text.find("# " + std::string(option.key) + ":") != std::string::npos);
        continue;
      }
      const auto& written = from_file.config->effective.at(key);
      CHECK(written.origin.source == config::Source::file);
      CHECK(written.value == defaults.config->effective.at(key).value);
    }
  }
  CHECK(from_file.config->data_dir == defaults.config->data_dir);
}

TEST_CASE("the example configurations are valid for the plugins they name") {
  test::TempDir dir;
  const std::filesystem::path examples = std::filesystem::path(VELLUM_SOURCE_DIR) / "config" / "examples";
  for (const char* name : {"postgres-ollama.yaml", "openai.yaml"}) {
    INFO(name);
    auto report = load(dir.path(), examples / name, {{"OPENAI_API_KEY", "sk-test-0123456789"}});
    INFO(test::joined(report.errors));
    CHECK(report.ok());
  }
}

TEST_CASE("the HNSW settings come from semantic_search, and a value out of range names the key and the file") {
  test::TempDir dir;
  auto report = load(dir.path(), dir.write("vellum.yaml", "semantic_search:\n  hnsw_ef_search: 400\n  hnsw_threshold: 0\n"));
  REQUIRE(report.ok());
  CHECK(report.config->semantic_search.hnsw_ef_search == 400);
  CHECK(report.config->semantic_search.hnsw_threshold == 0);  // 0: the graph from the first vector

  auto bad = load(dir.path(), dir.write("bad.yaml", "semantic_search:\n  hnsw_m: 1\n"));
  REQUIRE_FALSE(bad.ok());
  REQUIRE(bad.errors.size() == 1);
  CHECK_THAT(bad.errors.front(), Catch::Contains("semantic_search.hnsw_m") && Catch::Contains("bad.yaml"));
}
