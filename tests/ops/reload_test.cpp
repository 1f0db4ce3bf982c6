// docs/operations.md, "Reloading the configuration": edit vellum.yaml, run `vellum reload`, read the
// answer — against a running `vellum serve`. One reload path: the same outcome whether SIGHUP, the CLI
// or POST /api/admin/reload asked, recorded where GET /api/admin/runtime, /health and /metrics read it.
#include <catch2/catch.hpp>

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "common/crypto.hpp"
#include "fakes/fake_ollama.hpp"
#include "ops/ops_rig.hpp"

using namespace vellum::test;
using std::chrono::milliseconds;

namespace {

std::string file_text(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string ollama_yaml(const FakeOllama& fake) {
  return "  provider: ollama\n  ollama:\n    base_url: " + fake.base_url() + "\n    dimensions: 8\n";
}

// The local provider at `dimensions`, cutting over by hand only: a switch then adds no generation of
// its own (an automatic cut-over publishes one when the new set is full), so the generations this
// test reads are the reloads' alone.
OpsOptions local_manual(int dimensions) {
  OpsOptions options;
  options.embedding_yaml =
      "  provider: local\n  cutover: manual\n  local:\n    dimensions: " + std::to_string(dimensions) + "\n";
  return options;
}

}  // namespace

TEST_CASE("vellum reload applies an edited file and answers with the generation, the changes and the slots", "[ops]") {
  OpsRig rig(local_manual(64));
  rig.start();
  rig.write_config(local_manual(128));
  auto answer = rig.vellum_json({"reload"});
  CHECK(answer["outcome"] == "applied");
  CHECK(answer["trigger"] == "api");
  CHECK(answer["previousGeneration"] == 1);
  CHECK(answer["generation"] == 2);
  CHECK(answer["rebuilt"] == nlohmann::json::array({"embedding"}));
  CHECK(answer["reused"] == nlohmann::json::array({"storage", "queue"}));
  CHECK(answer["changes"]["summary"] == "embedding: settings embedding.local.dimensions");
  CHECK(answer["configFile"] == "vellum.yaml");
  CHECK(answer["configSha256"] == vellum::sha256_hex(file_text(rig.dir() / "vellum.yaml")));
  CHECK(answer["reasons"].empty());

  rig.write_config(local_manual(64));
  auto human = rig.vellum({"reload"});
  CHECK(human.exit_code == 0);
  CHECK_THAT(human.out, Catch::Contains("reload applied: generation 2 -> 3 (vellum.yaml, ") &&
                            Catch::Contains("changes: embedding: settings embedding.local.dimensions") &&
                            Catch::Contains("rebuilt: embedding") && Catch::Contains("reused:  storage, queue"));

  auto unchanged = rig.vellum({"reload"});
  CHECK(unchanged.exit_code == 0);
  CHECK_THAT(unchanged.out, Catch::Contains("configuration unchanged, generation 3 stays active"));

  auto runtime = rig.get("/api/admin/runtime").json();
  CHECK(runtime["generation"] == 3);
  CHECK(runtime["config"]["file"] == "vellum.yaml");
  CHECK(runtime["config"]["sha256"] == vellum::sha256_hex(file_text(rig.dir() / "vellum.yaml")));
  CHECK(runtime["config"]["lastGood"] == false);
  CHECK(runtime["slots"]["embedding"]["plugin"] == "local");
  CHECK_FALSE(runtime["slots"]["embedding"]["version"].get<std::string>().empty());
  CHECK(runtime["slots"]["storage"]["plugin"] == "sqlite");
  CHECK(runtime["slots"]["queue"]["plugin"] == "background");
  CHECK(runtime["lastReload"]["outcome"] == "unchanged");
  CHECK(runtime["reloads"] == nlohmann::json{{"applied", 2}, {"unchanged", 1}, {"refused", 0}});
  CHECK(runtime["maskedByEnvironment"].empty());

  auto health = rig.get("/health").json();
  CHECK(health["runtime"]["generation"] == 3);
  CHECK(health["runtime"]["lastReload"]["outcome"] == "unchanged");
  const auto metrics = rig.get("/metrics").body;
  CHECK_THAT(metrics, Catch::Contains("vellum_reload_last_success 1\n") &&
                          Catch::Contains("vellum_reloads_total{outcome=\"applied\"} 2\n") &&
                          Catch::Contains("vellum_runtime_generation 3\n"));
  // The last good copy is the file the server applied.
  CHECK(file_text(rig.dir() / "data" / "last-good-config.yaml") == file_text(rig.dir() / "vellum.yaml"));
  CHECK((std::filesystem::status(rig.dir() / "data" / "last-good-config.yaml").permissions() &
         std::filesystem::perms::all) == std::filesystem::perms(0600));
}

TEST_CASE("a refused reload lists every reason, keeps the generation, and shows in /health and /metrics", "[ops]") {
  OpsRig rig;
  rig.start();
  OpsOptions broken{false, 64, "background"};
  broken.embedding_yaml = "  provider: nonexistent\n";
  broken.extra_yaml = "indexing:\n  chunk_tokenz: 5\n";
  rig.write_config(broken);

  auto answer = rig.vellum_json({"reload"}, 1);
  CHECK(answer["outcome"] == "refused");
  CHECK(answer["generation"] == 1);
  REQUIRE(answer["reasons"].size() == 2);
  const auto reasons = answer["reasons"].dump();
  CHECK_THAT(reasons, Catch::Contains("chunk_tokenz") && Catch::Contains("nonexistent"));
  CHECK_THAT(answer["error"].get<std::string>(), Catch::StartsWith("reload refused: "));

  auto human = rig.vellum({"reload"});
  CHECK(human.exit_code == 1);
  CHECK_THAT(human.err, Catch::Contains("reload refused: generation 1 stays active (vellum.yaml)") &&
                            Catch::Contains("chunk_tokenz") && Catch::Contains("nonexistent"));

  // SIGHUP takes the same path and leaves the same record.
  rig.signal(SIGHUP);
  CHECK(eventually([&] { return rig.get("/api/admin/runtime").json()["reloads"]["refused"] == 3; }));
  auto runtime = rig.get("/api/admin/runtime").json();
  CHECK(runtime["lastReload"]["trigger"] == "signal");
  CHECK(runtime["lastReload"]["reasons"].size() == 2);
  CHECK(runtime["generation"] == 1);
  CHECK(rig.get("/health").json()["runtime"]["lastReload"]["outcome"] == "refused");
  const auto metrics = rig.get("/metrics").body;
  CHECK_THAT(metrics, Catch::Contains("vellum_reload_last_success 0\n") &&
                          Catch::Contains("vellum_reloads_total{outcome=\"refused\"} 3\n"));
  CHECK_THAT(rig.output(), Catch::Contains("reload refused: "));

  rig.write_config({false, 128, "background"});
  rig.reload(2);
  CHECK_THAT(rig.get("/metrics").body, Catch::Contains("vellum_reload_last_success 1\n"));
}

TEST_CASE("a provider slower than plugins.health_check_timeout_ms is refused within the deadline", "[ops]") {
  FakeOllama fake({.dimensions = 8});
  fake.fail_always(Fault::latency(milliseconds(8000)));
  OpsRig rig;
  rig.start();
  OpsOptions slow{false, 64, "background"};
  slow.embedding_yaml = ollama_yaml(fake);
  slow.extra_yaml = "plugins:\n  health_check_timeout_ms: 500\n";
  rig.write_config(slow);

  const auto started = std::chrono::steady_clock::now();
  auto answer = rig.vellum_json({"reload"}, 1);
  CHECK(std::chrono::steady_clock::now() - started < milliseconds(6000));
  CHECK(answer["reasons"] == nlohmann::json::array({"embedding plugin 'ollama' failed its health check: no answer "
                                                    "within 500 ms (plugins.health_check_timeout_ms)"}));
  CHECK(rig.get("/api/admin/runtime").json()["slots"]["embedding"]["plugin"] == "local");

  fake.clear_faults();
  rig.reload(2);
  CHECK(rig.get("/api/admin/runtime").json()["slots"]["embedding"]["plugin"] == "ollama");
}

TEST_CASE("an edit an environment variable masks is a warning, never a silent unchanged", "[ops]") {
  OpsRig rig;
  rig.set_env("VELLUM_EMBEDDING__LOCAL__DIMENSIONS", "64");
  rig.start();
  auto masked = rig.get("/api/admin/runtime").json()["maskedByEnvironment"];
  REQUIRE(masked.size() == 1);
  CHECK(masked[0]["key"] == "embedding.local.dimensions");
  CHECK(masked[0]["variable"] == "VELLUM_EMBEDDING__LOCAL__DIMENSIONS");
  CHECK_THAT(masked[0]["file"].get<std::string>(), Catch::StartsWith("vellum.yaml:"));

  rig.write_config({false, 128, "background"});
  auto answer = rig.vellum_json({"reload"});
  CHECK(answer["outcome"] == "unchanged");
  REQUIRE(answer["maskedEdits"].size() == 1);
  CHECK(answer["maskedEdits"][0]["key"] == "embedding.local.dimensions");
  REQUIRE(answer["warnings"].size() == 1);
  CHECK_THAT(answer["warnings"][0].get<std::string>(),
             Catch::Contains("embedding.local.dimensions was edited in vellum.yaml:") &&
                 Catch::Contains("VELLUM_EMBEDDING__LOCAL__DIMENSIONS"));
  auto human = rig.vellum({"reload"});
  CHECK(human.exit_code == 0);
  CHECK_THAT(human.err, Catch::Contains("warning: embedding.local.dimensions was edited in vellum.yaml:"));
  CHECK_THAT(rig.output(), Catch::Contains("reload: embedding.local.dimensions was edited in vellum.yaml:"));
}

TEST_CASE("after a refused reload, a restart starts on the last good configuration and says so loudly", "[ops]") {
  FakeOllama fake({.dimensions = 8});
  fake.fail_always(Fault::unavailable());
  OpsRig rig;
  rig.start();
  rig.create_article("Kept", "# Kept\nserved through the restart");
  OpsOptions ollama{false, 64, "background"};
  ollama.embedding_yaml = ollama_yaml(fake);
  rig.write_config(ollama);
  CHECK(rig.vellum({"reload"}).exit_code == 1);

  rig.stop();
  CHECK_FALSE(std::filesystem::exists(rig.dir() / "data" / "server-url"));  // removed at a clean stop
  CHECK(rig.vellum({"reload"}).exit_code == 3);                            // nothing to ask
  rig.start();
  CHECK_THAT(rig.output(), Catch::Contains("vellum.yaml: refused: embedding plugin 'ollama' failed its health check") &&
                               Catch::Contains("STARTING ON THE LAST GOOD CONFIGURATION") &&
                               Catch::Contains("embedding: plugin local -> ollama"));
  auto runtime = rig.get("/api/admin/runtime").json();
  CHECK(runtime["config"]["lastGood"] == true);
  CHECK_THAT(runtime["config"]["file"].get<std::string>(), Catch::EndsWith("last-good-config.yaml"));
  CHECK(runtime["slots"]["embedding"]["plugin"] == "local");
  CHECK(runtime["lastReload"]["trigger"] == "startup");
  CHECK(runtime["lastReload"]["outcome"] == "refused");
  CHECK(runtime["lastReload"]["changes"]["summary"] == "embedding: plugin local -> ollama");
  CHECK(rig.get("/health").json()["runtime"]["config"]["lastGood"] == true);
  CHECK_THAT(rig.get("/metrics").body,
             Catch::Contains("vellum_config_last_good 1\n") && Catch::Contains("vellum_reload_last_success 0\n"));
  CHECK(rig.get("/api/articles/kept.md").status == 200);

  // The provider is back: the file applies.
  fake.clear_faults();
  rig.reload(2);
  runtime = rig.get("/api/admin/runtime").json();
  CHECK(runtime["config"]["lastGood"] == false);
  CHECK(runtime["config"]["file"] == "vellum.yaml");
  CHECK(runtime["slots"]["embedding"]["plugin"] == "ollama");
  CHECK_THAT(rig.get("/metrics").body, Catch::Contains("vellum_config_last_good 0\n"));
}

TEST_CASE("without a last good copy, a file whose provider fails its health check still refuses to start", "[ops]") {
  FakeOllama fake({.dimensions = 8});
  fake.fail_always(Fault::unavailable());
  OpsRig rig;
  OpsOptions ollama{false, 64, "background"};
  ollama.embedding_yaml = ollama_yaml(fake);
  rig.write_config(ollama);
  auto served = rig.vellum({"serve"});
  CHECK(served.exit_code == 1);
  CHECK_THAT(served.err, Catch::Contains("cannot start: embedding plugin 'ollama' failed its health check"));
}

TEST_CASE("reload and runtime are for the admin token only", "[ops]") {
  OpsRig rig;
  rig.start();
  auto key = rig.post("/api/access-tokens", {{"name", "writer"}, {"scope", "write"}});
  REQUIRE(key.status == 201);
  const std::string bearer = "Bearer " + key.json()["token"].get<std::string>();
  HttpClient client(rig.port());
  CHECK(client.post("/api/admin/reload", "", {{"Authorization", bearer}}).status == 401);
  CHECK(client.get("/api/admin/runtime", {{"Authorization", bearer}}).status == 401);
  CHECK(client.post("/api/admin/reload", "").status == 401);
  auto refused = rig.vellum({"reload"}, {{"AUTH_TOKEN", "not-the-admin-token-0123"}});
  CHECK(refused.exit_code == 3);
  CHECK_THAT(refused.err, Catch::Contains("refused the admin token (auth.token)"));
  CHECK(rig.get("/api/admin/runtime").json()["reloads"]["applied"] == 0);
}

TEST_CASE("requests keep being answered while reloads apply and refuse changes", "[ops]") {
  OpsRig rig(local_manual(64));
  rig.start();
  rig.create_article("Under Load", "# Under Load\nzanzibar quokka");
  CHECK(rig.vellum({"queue", "wait-for-completion", "--timeout", "30"}).exit_code == 0);

  std::atomic<bool> done{false};
  std::atomic<int> answered{0};
  std::vector<std::string> failures;
  std::thread load([&] {
    HttpClient client(rig.port());
    const Fields auth{{"Authorization", "Bearer " + rig.token()}};
    for (int i = 0; !done; ++i) {
      const auto target = i % 2 ? "/api/search?query=zanzibar%20quokka&mode=hybrid" : "/api/articles/under-load.md";
      auto res = client.get(target, auth);
      if (res.status != 200) failures.push_back(std::string(target) + ": " + std::to_string(res.status) + " " + res.body);
      ++answered;
      std::this_thread::sleep_for(milliseconds(10));
    }
  });
  REQUIRE(eventually([&] { return answered >= 5; }));  // the load runs before, during and after
  rig.write_config(local_manual(128));
  rig.reload(2);
  OpsOptions broken{false, 64, "background"};
  broken.embedding_yaml = "  provider: nonexistent\n";
  rig.write_config(broken);
  CHECK(rig.vellum({"reload"}).exit_code == 1);
  rig.write_config(local_manual(64));
  rig.reload(3);
  const int after_reloads = answered;
  CHECK(eventually([&] { return answered >= after_reloads + 5; }));
  done = true;
  load.join();
  INFO(failures.size() << " failed, first: " << (failures.empty() ? "" : failures.front()));
  CHECK(failures.empty());
}

TEST_CASE("kill -HUP \"$(cat data/vellum.pid)\" reaches this server, and the pid file goes with it", "[ops]") {
  OpsRig rig;
  rig.start();
  const auto pid_file = rig.dir() / "data" / "vellum.pid";
  REQUIRE(std::filesystem::exists(pid_file));
  CHECK(std::stol(file_text(pid_file)) > 1);
  const std::string command = "kill -HUP \"$(cat '" + pid_file.string() + "')\"";
  REQUIRE(std::system(command.c_str()) == 0);
  CHECK(eventually([&] { return rig.output().find("SIGHUP: reloading configuration") != std::string::npos; }));
  CHECK(eventually([&] { return rig.get("/api/admin/runtime").json()["lastReload"]["trigger"] == "signal"; }));
  rig.stop();
  CHECK_FALSE(std::filesystem::exists(pid_file));
}
