// `vellum config check` and `vellum config show`: what an operator sees.
#include <catch2/catch.hpp>

#include <sstream>

#include <nlohmann/json.hpp>

#include "config/config_render.hpp"
#include "config/test_schemas.hpp"
#include "support/temp_dir.hpp"

using namespace vellum;
using vellum::test::load;

namespace {
std::string line_of(const std::string& text, const std::string& key) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(key + " ", 0) == 0) return line;
  }
  return "";
}
std::string squeezed(std::string line) {  // columns are aligned with runs of spaces
  std::string out;
  for (char c : line) {
    if (c != ' ' || out.empty() || out.back() != ' ') out += c;
  }
  return out;
}
}  // namespace

TEST_CASE("secrets are masked: **** and the last four characters, or only **** when short") {
  CHECK(config::mask_secret("sk-abcdefghijklmnop1234") == "****1234");
  CHECK(config::mask_secret("0123456789") == "****6789");
  CHECK(config::mask_secret("012345678") == "****");
  CHECK(config::mask_secret("") == "****");
}

TEST_CASE("show prints every effective value with its origin, secrets masked") {
  test::TempDir dir;
  auto file = dir.write("vellum.yaml", "server:\n  port: 8080\nembedding:\n  provider: openai\n");
  auto report = load(dir.path(), file,
                     {{"AUTH_TOKEN", "admin-token-abcd"},
                      {"OPENAI_API_KEY", "sk-live-secret-wxyz"},
                      {"VELLUM_LOG__LEVEL", "debug"},
                      {"EMBEDDING_BATCH_SIZE", "2"}});
  INFO(test::joined(report.errors));
  REQUIRE(report.ok());
  std::ostringstream out;
  config::render_config_show(*report.config, false, out);
  const std::string text = out.str();
  INFO(text);

  CHECK(text.rfind("# configuration: " + file.string() + "\n", 0) == 0);
  CHECK(squeezed(line_of(text, "server.port")) == "server.port 8080 file:" + file.string() + ":2");
  CHECK(squeezed(line_of(text, "server.host")) == "server.host 0.0.0.0 default");
  CHECK(squeezed(line_of(text, "log.level")) == "log.level debug env:VELLUM_LOG__LEVEL");
  CHECK(squeezed(line_of(text, "auth.token")) == "auth.token ****abcd env:AUTH_TOKEN");
  CHECK(squeezed(line_of(text, "embedding.openai.api_key")) == "embedding.openai.api_key ****wxyz env:OPENAI_API_KEY");
  CHECK(squeezed(line_of(text, "embedding.provider")) == "embedding.provider openai file:" + file.string() + ":4");
  CHECK(squeezed(line_of(text, "data_dir")) == "data_dir " + (dir / "data").string() + " default");
  CHECK(text.find("admin-token-abcd") == std::string::npos);
  CHECK(text.find("sk-live-secret") == std::string::npos);
  CHECK(text.find("# warning: environment variable EMBEDDING_BATCH_SIZE is deprecated") != std::string::npos);
  // Every key of the selected plugins is shown, and only theirs.
  CHECK_FALSE(line_of(text, "embedding.openai.dimensions").empty());
  CHECK(line_of(text, "embedding.local.dimensions").empty());
  CHECK_FALSE(line_of(text, "queue.background.worker_interval_ms").empty());
}

TEST_CASE("show in JSON gives typed values, lists as arrays, origins and masked secrets") {
  test::TempDir dir;
  auto report = load(dir.path(), std::nullopt,
                     {{"AUTH_TOKEN", "masked-whole-0123456789"},
                      {"VELLUM_SERVER__CORS_ORIGINS", "https://a.example,https://b.example"},
                      {"SEMANTIC_SEARCH_ENABLED", "false"}});
  REQUIRE(report.ok());
  std::ostringstream out;
  config::render_config_show(*report.config, true, out);
  const auto json = nlohmann::json::parse(out.str());
  INFO(out.str());
  CHECK(json["source"] == "built-in defaults");
  CHECK(json["settings"]["server.port"]["value"] == 5000);
  CHECK(json["settings"]["server.port"]["origin"] == "default");
  CHECK(json["settings"]["auth.token"]["value"] == "****6789");
  CHECK(json["settings"]["auth.token"]["origin"] == "env:AUTH_TOKEN");
  CHECK(json["settings"]["semantic_search.enabled"]["value"] == false);
  CHECK(json["settings"]["server.cors_origins"]["value"] ==
        nlohmann::json::array({"https://a.example", "https://b.example"}));
  CHECK(json["settings"]["plugins.path"]["value"] == nlohmann::json::array());
  CHECK(json["settings"]["embedding.local.dimensions"]["value"] == 384);
  CHECK(json["warnings"] == nlohmann::json::array());
  CHECK(out.str().find("masked-whole") == std::string::npos);
}

TEST_CASE("check prints OK with the source, or every error and a count") {
  test::TempDir dir;
  std::ostringstream ok;
  CHECK(config::render_config_check(load(dir.path()), ok) == 0);
  CHECK(ok.str() == "configuration OK: built-in defaults\n");

  auto file = dir.write("vellum.yaml", "server:\n  port: abc\nlog:\n  format: xml\n");
  std::ostringstream bad;
  CHECK(config::render_config_check(load(dir.path(), file, {{"EMBEDDING_MAX_RETRIES", "4"}}), bad) == 1);
  CHECK(bad.str() ==
        "warning: environment variable EMBEDDING_MAX_RETRIES is deprecated; use EMBEDDING_QUEUE_MAX_RETRIES instead "
        "(it sets queue.background.max_retries)\n" +
            file.string() + ":2: server.port: expected an integer from 0 to 65535, got 'abc'\n" + file.string() +
            ":4: log.format: expected one of: text, json, got 'xml'\n"
            "configuration invalid: 2 errors (" + file.string() + ")\n");
}
