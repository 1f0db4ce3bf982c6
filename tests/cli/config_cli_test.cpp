// `vellum config`, `vellum plugins list` and the command line itself, as an operator sees them.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "support/process.hpp"
#include "support/temp_dir.hpp"

using vellum::test::ProcessOptions;
using vellum::test::run_vellum;
using vellum::test::TempDir;

TEST_CASE("config check accepts the defaults and reports a bad key with file:line") {
  TempDir cwd;
  auto ok = run_vellum({"config", "check"}, ProcessOptions{cwd.path(), {}, {}});
  CHECK(ok.exit_code == 0);
  CHECK_THAT(ok.out, Catch::Contains("configuration OK: built-in defaults"));

  cwd.write("vellum.yaml", "server:\n  port: 5000\n  sever: typo\n");
  auto bad = run_vellum({"config", "check"}, ProcessOptions{cwd.path(), {}, {}});
  CHECK(bad.exit_code == 1);
  CHECK_THAT(bad.out, Catch::Contains("vellum.yaml:3") && Catch::Contains("sever"));
}

TEST_CASE("config check reports what serve would refuse in the queue's settings taken together") {
  TempDir cwd;
  // The value is within its own range; with the default max_processing_time_ms (30 min) it is not (a
  // lease must not outlast it), which only the queue plugin itself can tell.
  cwd.write("vellum.yaml", "queue:\n  background:\n    lease_ms: 2400000\n");
  auto checked = run_vellum({"config", "check"}, ProcessOptions{cwd.path(), {}, {}});
  CHECK(checked.exit_code == 1);
  CHECK_THAT(checked.out, Catch::Contains("queue plugin 'background'") &&
                              Catch::Contains("lease_ms") && Catch::Contains("max_processing_time_ms") &&
                              Catch::Contains("configuration invalid"));
  CHECK_FALSE(std::filesystem::exists(cwd.path() / "data" / "vellum.db"));  // no database was opened

  auto served = run_vellum({"serve", "--host", "127.0.0.1", "--port", "0"}, ProcessOptions{cwd.path(), {}, {}},
                           std::chrono::seconds(20));
  CHECK(served.exit_code == 1);
  CHECK_THAT(served.err, Catch::Contains("lease_ms") && Catch::Contains("max_processing_time_ms"));
}

TEST_CASE("config check --probe builds the plugins and names every slot that fails, without migrating") {
  TempDir cwd;
  auto ok = run_vellum({"config", "check", "--probe"}, ProcessOptions{cwd.path(), {}, {}});
  CHECK(ok.exit_code == 0);
  CHECK_THAT(ok.out, Catch::Contains("probe: storage plugin 'sqlite'") && Catch::Contains("healthy") &&
                         Catch::Contains("probe: embedding plugin 'local'") &&
                         Catch::Contains("probe: queue plugin 'background'") && Catch::Contains("probe OK"));
  auto status = run_vellum({"migrate", "status"}, ProcessOptions{cwd.path(), {}, {}});
  CHECK_THAT(status.out + status.err, Catch::Contains("pending"));  // the probe left the schema alone

  // Nothing listens on port 9: both slots fail, each named with its reason.
  cwd.write("vellum.yaml",
            "storage:\n  backend: postgres\n  postgres:\n    url: \"host=127.0.0.1 port=9 dbname=x connect_timeout=2\"\n"
            "embedding:\n  provider: ollama\n  ollama:\n    base_url: http://127.0.0.1:9\n");
  auto down = run_vellum({"config", "check", "--probe"}, ProcessOptions{cwd.path(), {}, {}});
  CHECK(down.exit_code == 1);
  CHECK_THAT(down.out, Catch::Contains("configuration OK") && Catch::Contains("probe failed: storage plugin 'postgres'") &&
                           Catch::Contains("probe failed: embedding plugin 'ollama' failed its health check") &&
                           Catch::Contains("2 slots would refuse this configuration"));
}

TEST_CASE("config check refuses an import directory that holds the data directory or the token file") {
  TempDir cwd;
  cwd.write("vellum.yaml", "data_dir: ./state\nimport_dir: .\n");
  auto bad = run_vellum({"config", "check"}, ProcessOptions{cwd.path(), {}, {}});
  CHECK(bad.exit_code == 1);
  CHECK_THAT(bad.out,
             Catch::Contains("vellum.yaml:2") && Catch::Contains("import_dir: must not be or contain data_dir"));

  cwd.write("vellum.yaml", "import_dir: ./notes\nauth:\n  token_file: notes/token\n");
  auto token = run_vellum({"config", "check"}, ProcessOptions{cwd.path(), {}, {}});
  CHECK(token.exit_code == 1);
  CHECK_THAT(token.out, Catch::Contains("import_dir: must not be or contain auth.token_file"));

  cwd.write("vellum.yaml", "auth:\n  token_file: data/import/token\n");  // inside the default import_dir
  auto in_default = run_vellum({"config", "check"}, ProcessOptions{cwd.path(), {}, {}});
  CHECK(in_default.exit_code == 1);
  CHECK_THAT(in_default.out, Catch::Contains("import_dir: must not be or contain auth.token_file"));

  cwd.write("vellum.yaml", "import_dir: ./notes\n");
  CHECK(run_vellum({"config", "check"}, ProcessOptions{cwd.path(), {}, {}}).exit_code == 0);
}

TEST_CASE("config show masks secrets and names each value's origin") {
  TempDir cwd;
  cwd.write("vellum.yaml", "server:\n  port: 6000\n");
  auto shown = run_vellum({"config", "show"},
                          ProcessOptions{cwd.path(), {{"AUTH_TOKEN", "generated-test-secret-1234"}}, {}});
  REQUIRE(shown.exit_code == 0);
  CHECK_THAT(shown.out, Catch::Contains("file:vellum.yaml:2"));
  CHECK_THAT(shown.out, Catch::Contains("env:AUTH_TOKEN"));
  CHECK_THAT(shown.out, !Catch::Contains("generated-test-secret"));
}

TEST_CASE("plugins list shows the built-in plugins and VELLUM_PLUGIN_PATH additions with refusals") {
  TempDir cwd;
  auto listed = run_vellum({"plugins", "list", "--json"},
                           ProcessOptions{cwd.path(), {{"VELLUM_PLUGIN_PATH", VELLUM_BINARY_DIR "/test-plugins"}}, {}});
  REQUIRE(listed.exit_code == 0);
  auto json = nlohmann::json::parse(listed.out);
  std::set<std::string> names;
  for (const auto& p : json["plugins"]) names.insert(p["slot"].get<std::string>() + "/" + p["name"].get<std::string>());
  CHECK(names.count("embedding/local") == 1);
  CHECK(names.count("storage/sqlite") == 1);
  CHECK(names.count("embedding/fixture") == 1);
  CHECK(json["refused"].size() == 6);
}

TEST_CASE("plugins list shows a plugin others could write as refused, with the reason, without loading it") {
  TempDir cwd;
  const auto plugins = std::filesystem::canonical(cwd.path()) / "plugins";
  std::filesystem::create_directory(plugins);
  REQUIRE(::chmod(cwd.path().c_str(), 0755) == 0);
  REQUIRE(::chmod(plugins.c_str(), 0755) == 0);
  const auto file = plugins / "marker.so";
  std::filesystem::copy_file(VELLUM_BINARY_DIR "/test-plugins-marker/fixture-marker.so", file);
  REQUIRE(::chmod(file.c_str(), 0664) == 0);
  const auto marker = cwd / "initialiser-ran";  // the plugin's initialiser would create it
  auto listed = run_vellum({"plugins", "list"},
                           ProcessOptions{cwd.path(),
                                          {{"VELLUM_PLUGIN_PATH", plugins.string()},
                                           {"VELLUM_FIXTURE_MARKER", marker.string()}},
                                          {}});
  REQUIRE(listed.exit_code == 0);
  CHECK_THAT(listed.out, Catch::Contains("\nrefused:\n  plugin " + file.string() + ": untrusted: file " +
                                         file.string() + " is group-writable (mode 0664)\n"));
  CHECK_FALSE(std::filesystem::exists(marker));
}

TEST_CASE("unknown commands and options are usage errors with exit code 2") {
  CHECK(run_vellum({"frobnicate"}).exit_code == 2);
  auto bad_option = run_vellum({"config", "check", "--nope"});
  CHECK(bad_option.exit_code == 2);
  CHECK_THAT(bad_option.err, Catch::Contains("unknown option --nope"));
  auto help = run_vellum({"migrate", "down", "--help"});
  CHECK(help.exit_code == 0);
  CHECK_THAT(help.out, Catch::Contains("exit codes:"));
}
