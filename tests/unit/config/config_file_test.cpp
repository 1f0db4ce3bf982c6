// Values from vellum.yaml: found in the working directory or named with --config, plugin sections
// validated by the plugin's own table, relative paths resolved against the file's directory.
#include <catch2/catch.hpp>

#include "config/test_schemas.hpp"
#include "support/temp_dir.hpp"

using namespace vellum;
using vellum::test::load;

TEST_CASE("vellum.yaml in the working directory is read when no --config is given") {
  test::TempDir dir;
  dir.write("vellum.yaml", "server:\n  port: 8080\n");
  auto report = load(dir.path());
  REQUIRE(report.ok());
  CHECK(report.config->file == dir / "vellum.yaml");
  CHECK(report.config->server.port == 8080);
  CHECK(report.config->effective.at("server.port").origin.label() == "file:" + (dir / "vellum.yaml").string() + ":2");
}

TEST_CASE("a file named with --config: every section's values are taken") {
  test::TempDir dir;
  auto file = dir.write("conf/site.yaml", R"(# a full file
server:
  host: 127.0.0.1
  port: 8081
  threads: 4
  max_body_bytes: 2048
  cors_origins: [https://a.example, "http://b.example:3000"]
auth:
  token: s3cret-admin-token
log:
  level: debug
  format: json
semantic_search:
  enabled: no
indexing:
  chunk_tokens: 256
  chunk_overlap_tokens: 32
embedding:
  provider: ollama
  ollama:
    base_url: http://gpu:11434
    model: mxbai-embed-large
storage:
  backend: sqlite
queue:
  strategy: sync
  enabled: false
)");
  auto report = load(dir.path(), file);
  INFO(test::joined(report.errors));
  REQUIRE(report.ok());
  const auto& c = *report.config;
  CHECK(c.source_name() == file.string());
  CHECK(c.server.host == "127.0.0.1");
  CHECK(c.server.port == 8081);
  CHECK(c.server.threads == 4);
  CHECK(c.server.max_body_bytes == 2048);
  CHECK(c.server.cors_origins == std::vector<std::string>{"https://a.example", "http://b.example:3000"});
  CHECK(c.auth.token == "s3cret-admin-token");
  CHECK(c.log.level == config::LogLevel::debug);
  CHECK(c.log.format == config::LogFormat::json);
  CHECK_FALSE(c.semantic_search.enabled);
  CHECK(c.indexing.chunk_tokens == 256);
  CHECK(c.indexing.chunk_overlap_tokens == 32);

  CHECK(c.embedding.plugin == "ollama");
  CHECK(c.embedding.settings.get_string("base_url") == "http://gpu:11434");
  CHECK(c.embedding.settings.get_string("model") == "mxbai-embed-large");
  CHECK(c.embedding.settings.get_integer("dimensions") == 768);  // the plugin's default fills the rest
  CHECK(c.effective.at("embedding.ollama.model").origin.label() == "file:" + file.string() + ":22");
  CHECK(c.effective.at("embedding.ollama.dimensions").origin.label() == "default");
  CHECK(c.queue.plugin == "sync");
  CHECK(c.queue.settings.values().empty());
  CHECK_FALSE(c.queue_enabled);
}

TEST_CASE("relative paths resolve against the file's directory, from the environment against the working directory") {
  test::TempDir dir;
  auto file = dir.write("etc/vellum.yaml", R"(data_dir: ../var/data
plugins:
  path: [plugins, /opt/vellum/plugins]
auth:
  token_file: token.txt
)");
  auto report = load(dir.path(), file);
  REQUIRE(report.ok());
  const auto& c = *report.config;
  CHECK(c.data_dir == dir / "var" / "data");
  CHECK(c.plugins.path == std::vector<std::filesystem::path>{dir / "etc" / "plugins", "/opt/vellum/plugins"});
  CHECK(c.auth.token_file == dir / "etc" / "token.txt");
  CHECK(std::get<std::string>(c.effective.at("plugins.path").value) ==
        (dir / "etc" / "plugins").string() + ":/opt/vellum/plugins");

  auto from_env = load(dir.path(), file, {{"DATA_DIR", "state"}, {"VELLUM_PLUGINS__PATH", "a:/b"}});
  REQUIRE(from_env.ok());
  CHECK(from_env.config->data_dir == dir / "state");
  CHECK(from_env.config->plugins.path == std::vector<std::filesystem::path>{dir / "a", "/b"});
}

TEST_CASE("plugin_directories reads plugins.path before any plugin is known") {
  test::TempDir dir;
  auto file = dir.write("vellum.yaml", "plugins:\n  path: [extra]\nembedding:\n  provider: not-yet-loaded\n");
  config::LoadOptions options;
  options.working_dir = dir.path();
  auto source = config::read_config_source(options);
  CHECK(source.errors.empty());
  CHECK(config::plugin_directories(source) == std::vector<std::filesystem::path>{dir / "extra"});
}

TEST_CASE("an empty file or an empty section means defaults") {
  test::TempDir dir;
  auto empty = load(dir.path(), dir.write("empty.yaml", ""));
  REQUIRE(empty.ok());
  CHECK(empty.config->server.port == 5000);
  auto bare = load(dir.path(), dir.write("bare.yaml", "server:\nauth:\nembedding:\n  local:\n"));
  INFO(test::joined(bare.errors));
  REQUIRE(bare.ok());
  CHECK(bare.config->embedding.plugin == "local");
}

TEST_CASE("sections of installed plugins that are not selected are checked, without requiring their keys") {
  test::TempDir dir;
  auto ok = load(dir.path(), dir.write("a.yaml", "embedding:\n  provider: local\n  openai:\n    model: m\n"));
  INFO(test::joined(ok.errors));
  CHECK(ok.ok());  // openai's api_key is required only when openai is the provider
  CHECK(ok.config->effective.count("embedding.openai.model") == 0);  // not effective

  auto bad = load(dir.path(), dir.write("b.yaml", "embedding:\n  provider: local\n  openai:\n    dimensions: 0\n"));
  CHECK(bad.errors == std::vector<std::string>{(dir / "b.yaml").string() +
                                               ":4: embedding.openai.dimensions: expected an integer from 1 to "
                                               "8192, got '0'"});
}
