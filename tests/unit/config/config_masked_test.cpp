// Keys whose file value an environment variable overrides: listed with the file line and the variable
// in effect, and a reload can tell which file edits they swallow (the running process's environment
// is fixed, so such an edit changes nothing). Also the reading of where a server is, despite errors.
#include <catch2/catch.hpp>

#include "config/client_view.hpp"
#include "config/config_diff.hpp"
#include "config/test_schemas.hpp"
#include "support/temp_dir.hpp"

using namespace vellum;
using vellum::test::load;

namespace {
config::Config loaded(const test::TempDir& dir, const std::string& yaml, config::Environment env = {}) {
  return test::load_valid(dir.path(), yaml, std::move(env));
}

std::vector<std::string> keys_of(const std::vector<config::MaskedSetting>& masked) {
  std::vector<std::string> keys;
  for (const auto& m : masked) keys.push_back(m.key);
  return keys;
}
}  // namespace

TEST_CASE("a file value an environment variable overrides is listed with its line and the variable") {
  test::TempDir dir;
  const auto c = loaded(dir, "server:\n  port: 5000\nembedding:\n  provider: ollama\nlog:\n  level: info\n",
                        {{"EMBEDDING_PROVIDER", "local"}, {"VELLUM_SERVER__PORT", "6000"}, {"VELLUM_LOG__FORMAT", "json"}});
  REQUIRE(keys_of(c.masked) == std::vector<std::string>{"embedding.provider", "server.port"});
  CHECK(c.masked[0].file.where() == (dir / "vellum.yaml").string() + ":4");
  CHECK(c.masked[0].variable == "EMBEDDING_PROVIDER");
  CHECK(c.masked[1].variable == "VELLUM_SERVER__PORT");
  CHECK(c.masked[0].differs);  // ollama in the file, local in effect
  // log.format comes from the environment alone and log.level from the file alone: neither is masked.
  CHECK(c.embedding.plugin == "local");
}

TEST_CASE("of two variables for one masked key, the one in effect is named") {
  test::TempDir dir;
  const auto c = loaded(dir, "auth:\n  token: from-the-file-0123456789\n",
                        {{"AUTH_TOKEN", "from-auth-token-0123456789"}, {"VELLUM_AUTH__TOKEN", "from-vellum-0123456789"}});
  REQUIRE(c.masked.size() == 1);
  CHECK(c.masked[0].key == "auth.token");
  CHECK(c.masked[0].variable == "VELLUM_AUTH__TOKEN");
}

TEST_CASE("masked_edits: a masked key edited, added or removed in the file is an edit that changes nothing") {
  test::TempDir dir;
  // The variables hold what the file first said: nothing to warn about yet.
  const config::Environment env{{"EMBEDDING_PROVIDER", "ollama"}, {"VELLUM_SERVER__PORT", "6000"}};
  const auto old = loaded(dir, "embedding:\n  provider: ollama\nserver:\n  host: 127.0.0.1\n", env);
  CHECK(config::masked_edits(old, old).empty());
  const auto edited = loaded(dir, "embedding:\n  provider: openai\n  openai:\n    api_key: k\n"
                                  "server:\n  host: 127.0.0.1\n  port: 7000\n", env);
  CHECK(config::diff(old, edited).empty());  // what an operator saw before: "configuration unchanged"
  const auto edits = config::masked_edits(old, edited);
  REQUIRE(keys_of(edits) == std::vector<std::string>{"embedding.provider", "server.port"});
  CHECK(edits[0].variable == "EMBEDDING_PROVIDER");
  CHECK(edits[0].file.line == 2);
  // Reloading the same file again warns again: the file still misstates what runs.
  CHECK(keys_of(config::masked_edits(edited, edited)) == std::vector<std::string>{"embedding.provider", "server.port"});

  const auto removed = loaded(dir, "server:\n  host: 127.0.0.1\n", env);
  CHECK(keys_of(config::masked_edits(old, removed)) == std::vector<std::string>{"embedding.provider"});
  // An edit nothing masks is a change, not a masked edit.
  const auto host_moved = loaded(dir, "embedding:\n  provider: ollama\nserver:\n  host: 0.0.0.0\n", env);
  CHECK(config::masked_edits(old, host_moved).empty());
  CHECK(config::diff(old, host_moved).core_keys == std::vector<std::string>{"server.host"});
}

TEST_CASE("client_view finds the data directory, the token and the address even in a file with errors") {
  test::TempDir dir;
  config::LoadOptions options;
  options.working_dir = dir.path();
  options.config_file = dir.write("vellum.yaml", "data_dir: state\nserver:\n  port: 7100\n  prot: typo\n"
                                                 "auth:\n  token_file: secrets/token\nembedding:\n  provider: nope\n");
  auto view = config::client_view(config::read_config_source(options));
  CHECK(view.data_dir == dir / "state");
  CHECK(view.port == 7100);
  CHECK(view.host == "0.0.0.0");
  REQUIRE(view.auth.token_file.has_value());
  CHECK(*view.auth.token_file == dir / "secrets" / "token");
  CHECK_FALSE(view.auth.token.has_value());

  // The environment's token beats the file's token_file, as it does for the server.
  options.env = {{"AUTH_TOKEN", "from-the-environment-0123"}, {"VELLUM_SERVER__PORT", "not-a-port"}};
  view = config::client_view(config::read_config_source(options));
  CHECK(view.auth.token == std::optional<std::string>("from-the-environment-0123"));
  CHECK_FALSE(view.auth.token_file.has_value());
  CHECK(view.port == 5000);  // unreadable: the default
}
