// Issue 12's promise, through real processes: a provider switch fills a new embedding set while
// search keeps answering from the complete one, cuts over by itself, and a rollback inside the window
// is instant and exact. A mixed load runs the whole time and every answer is checked as it arrives.
#include <catch2/catch.hpp>

#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include <spdlog/spdlog.h>

#include "fakes/fake_ollama.hpp"
#include "fakes/fake_openai.hpp"
#include "ops/ops_rig.hpp"

using namespace vellum::test;
using std::chrono::milliseconds;
using std::chrono::seconds;

namespace {

constexpr int kSeeds = 300;

std::string seed_slug(int i) { return "seed-" + std::to_string(i); }
// The article a search answered first ("" when none).
std::string first_slug(const nlohmann::json& hits) {
  if (!hits.is_array() || hits.empty()) return "";
  const std::string filename = hits[0]["chunk"]["filename"];
  return filename.substr(0, filename.size() - 3);  // drop ".md"
}
// One paragraph only: it is the article's single chunk, so searching for it is searching for a text
// every provider (the fakes included, whose vectors are a function of the exact text) maps to itself.
std::string seed_text(int i, int revision = 1) {
  return "seed " + std::to_string(i) + " revision " + std::to_string(revision) + " mentions quokka " +
         std::to_string(i * 7919 % 1000) + " and lantern " + std::to_string(i * 104729 % 1000);
}

std::string encode(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.') {
      out += static_cast<char>(c);
    } else {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", c);
      out += hex;
    }
  }
  return out;
}

// What the clients saw, gathered from every load thread.
struct Observations {
  std::mutex mutex;
  std::vector<std::string> failures;  // each with what was asked and what came back
  std::set<std::string> answering_sets;
  std::atomic<int> searches{0};
  std::atomic<int> requests{0};

  void fail(std::string what) {
    std::lock_guard lock(mutex);
    if (failures.size() < 20) failures.push_back(std::move(what));
  }
};

// Everything an operator's clients do at once: semantic and hybrid searches for seed texts (each must
// answer its seed first), GETs, and a write every 100 ms.
class MixedLoad {
 public:
  MixedLoad(std::uint16_t port, std::string token, std::set<int> excluded)
      : port_(port), token_(std::move(token)), excluded_(std::move(excluded)) {
    threads_.emplace_back([this] { search_loop("semantic"); });
    threads_.emplace_back([this] { search_loop("hybrid"); });
    threads_.emplace_back([this] { read_loop(); });
    threads_.emplace_back([this] { write_loop(); });
  }
  ~MixedLoad() { stop(); }

  void pause_writes(bool paused) { writes_paused_ = paused; }
  void stop() {
    running_ = false;
    for (auto& t : threads_)
      if (t.joinable()) t.join();
  }
  Observations& seen() { return seen_; }

 private:
  Fields auth() const { return {{"Authorization", "Bearer " + token_}}; }

  void search_loop(const std::string& mode) {
    HttpClient client(port_);
    for (int n = 0; running_; ++n) {
      const int seed = (n * 37 + (mode == "hybrid" ? 11 : 0)) % kSeeds;
      if (excluded_.count(seed)) continue;
      auto found = client.get("/api/search?mode=" + mode + "&k=3&query=" + encode(seed_text(seed)), auth());
      seen_.requests++;
      seen_.searches++;
      if (found.status != 200) {
        seen_.fail(mode + " search for seed " + std::to_string(seed) + ": HTTP " + std::to_string(found.status) +
                   " " + found.body + found.error);
        continue;
      }
      const auto hits = found.json();
      if (first_slug(hits) != seed_slug(seed)) {
        seen_.fail(mode + " search for seed " + std::to_string(seed) + " answered first '" + first_slug(hits) +
                   "' (set " + found.header("Vellum-Embedding-Set") + ")");
      }
      std::lock_guard lock(seen_.mutex);
      seen_.answering_sets.insert(found.header("Vellum-Embedding-Set"));
    }
  }

  void read_loop() {
    HttpClient client(port_);
    for (int n = 0; running_; ++n) {
      auto got = client.get("/api/articles/" + seed_slug(n % kSeeds), auth());
      seen_.requests++;
      if (got.status != 200) seen_.fail("GET seed " + std::to_string(n % kSeeds) + ": HTTP " + std::to_string(got.status));
    }
  }

  void write_loop() {
    HttpClient client(port_);
    for (int n = 0; running_; ++n) {
      std::this_thread::sleep_for(milliseconds(100));
      if (writes_paused_) continue;
      auto created = client.post_json("/api/articles",
                                      {{"title", "Load " + std::to_string(n)},
                                       {"content", "load article " + std::to_string(n) + " about ferns and moss"}},
                                      auth());
      seen_.requests++;
      if (created.status != 201) seen_.fail("create: HTTP " + std::to_string(created.status) + " " + created.body);
    }
  }

  std::uint16_t port_;
  std::string token_;
  std::set<int> excluded_;
  std::atomic<bool> running_{true};
  std::atomic<bool> writes_paused_{false};
  Observations seen_;
  std::vector<std::thread> threads_;
};

std::string embedding_yaml(const std::string& provider, const FakeOllama& ollama, const FakeOpenAi& openai) {
  return "  provider: " + provider +
         "\n  local:\n    dimensions: 64\n"
         "  ollama:\n    base_url: " + ollama.base_url() + "\n    dimensions: 768\n"
         "  openai:\n    base_url: " + openai.base_url() + "\n    dimensions: 1536\n";
}

nlohmann::json lanes_of(OpsRig& rig) { return rig.get("/api/embedding-sets").json()["lanes"]; }

std::string active_provider(OpsRig& rig) {
  const auto lanes = lanes_of(rig);
  return lanes["active"].is_null() ? std::string() : lanes["active"]["provider"].get<std::string>();
}

// Edits the configuration to `provider` and reloads, as docs/operations.md tells an operator to.
void switch_to(OpsRig& rig, const std::string& provider, const FakeOllama& ollama, const FakeOpenAi& openai) {
  OpsOptions options;
  options.embedding_yaml = embedding_yaml(provider, ollama, openai);
  rig.write_config(options);
  const auto answer = rig.vellum_json({"reload"});
  INFO(answer.dump(2));
  REQUIRE(answer["outcome"] == "applied");
}

std::int64_t tasks_done(OpsRig& rig) { return rig.count("completed"); }

void wait_until_idle(OpsRig& rig) {
  REQUIRE(eventually([&] { return rig.count("pending") == 0 && rig.count("processing") == 0; }, seconds(120)));
}

}  // namespace

TEST_CASE("provider switch: search never degrades, the new set cuts over by itself, rollbacks are instant and exact",
          "[ops][switch]") {
  spdlog::set_level(spdlog::level::warn);  // the fakes' access logs: a line per embed call
  FakeOllama ollama({.dimensions = 768});
  ollama.fail_always(Fault::latency(milliseconds(20)));
  FakeOpenAi openai({.dimensions = 1536});
  openai.fail_always(Fault::latency(milliseconds(20)));

  OpsOptions options;
  options.embedding_yaml = embedding_yaml("local", ollama, openai);
  OpsRig rig(options);
  rig.start();
  for (int i = 0; i < kSeeds; ++i) {
    auto created = rig.post("/api/articles", {{"title", "Seed " + std::to_string(i)}, {"content", seed_text(i)}});
    REQUIRE(created.status == 201);
  }
  wait_until_idle(rig);
  REQUIRE(eventually([&] { return lanes_of(rig)["active"]["coverage"]["complete"] == true; }));
  const auto local_set = lanes_of(rig)["active"];
  REQUIRE(local_set["provider"] == "local");

  constexpr int kEdited = 7;  // edited while Ollama's set is active: searched for by its new text only
  MixedLoad load(rig.port(), rig.token(), {kEdited});

  // 1. Switch to Ollama: search stays on the local set while the Ollama set fills by itself.
  switch_to(rig, "ollama", ollama, openai);
  REQUIRE(eventually([&] { return active_provider(rig) == "ollama"; }, seconds(180)));
  const auto ollama_set = lanes_of(rig)["active"];
  CHECK(ollama_set["dimensions"] == 768);
  CHECK(lanes_of(rig)["previous"]["id"] == local_set["id"]);  // kept current for a rollback
  {
    auto found = rig.get("/api/search?mode=semantic&k=3&query=" + encode(seed_text(3)));
    CHECK(found.header("Vellum-Embedding-Set").starts_with(std::to_string(ollama_set["id"].get<int>()) + " ollama/"));
  }

  // 2. An edit while Ollama's set is active reaches both sets.
  auto edited = rig.put("/api/articles/" + seed_slug(kEdited),
                        {{"title", "Seed " + std::to_string(kEdited)}, {"content", seed_text(kEdited, 2)}});
  REQUIRE(edited.status == 200);
  load.pause_writes(true);
  wait_until_idle(rig);

  // 3. Roll back by editing the configuration back: instant, nothing embedded again.
  const auto done_before = tasks_done(rig);
  const auto ollama_calls = ollama.calls();
  switch_to(rig, "local", ollama, openai);
  REQUIRE(eventually([&] { return active_provider(rig) == "local"; }, seconds(30)));
  CHECK(lanes_of(rig)["active"]["id"] == local_set["id"]);
  CHECK(lanes_of(rig)["building"].is_null());
  CHECK(rig.count("pending") == 0);
  CHECK(rig.count("processing") == 0);
  CHECK(tasks_done(rig) == done_before);  // 0 tasks were needed
  {
    auto found = rig.get("/api/search?mode=semantic&k=3&query=" + encode(seed_text(kEdited, 2)));
    REQUIRE(found.status == 200);
    REQUIRE_FALSE(found.json().empty());
    CHECK(first_slug(found.json()) == seed_slug(kEdited));  // the edit made under Ollama, found in the local set
    CHECK(found.header("Vellum-Embedding-Set").starts_with(std::to_string(local_set["id"].get<int>()) + " local/"));
  }
  CHECK(ollama.calls() >= ollama_calls);
  load.pause_writes(false);

  // 4. Switch to OpenAI (1,536 dimensions), let it cut over, and roll back again.
  switch_to(rig, "openai", ollama, openai);
  REQUIRE(eventually([&] { return active_provider(rig) == "openai"; }, seconds(180)));
  CHECK(lanes_of(rig)["active"]["dimensions"] == 1536);
  load.pause_writes(true);
  wait_until_idle(rig);
  const auto done_before_second = tasks_done(rig);
  switch_to(rig, "local", ollama, openai);
  REQUIRE(eventually([&] { return active_provider(rig) == "local"; }, seconds(30)));
  CHECK(tasks_done(rig) == done_before_second);
  load.pause_writes(false);
  std::this_thread::sleep_for(seconds(1));
  load.stop();

  // What the clients saw, all along.
  auto& seen = load.seen();
  INFO("failures: " << nlohmann::json(seen.failures).dump(2));
  CHECK(seen.failures.empty());
  CHECK(seen.searches > 100);
  std::set<std::string> providers;
  for (const auto& header : seen.answering_sets) {
    if (header.find(" local/") != std::string::npos) providers.insert("local");
    if (header.find(" ollama/") != std::string::npos) providers.insert("ollama");
    if (header.find(" openai/") != std::string::npos) providers.insert("openai");
  }
  CHECK(providers == std::set<std::string>{"local", "ollama", "openai"});
  // Nothing is left failing in health after the rollbacks.
  CHECK(rig.vellum({"queue", "health"}).exit_code == 0);
}

TEST_CASE("embeddings activate: an incomplete set is refused, --force activates it visibly degraded, --previous goes back",
          "[ops][switch]") {
  OpsRig rig;
  rig.start();
  for (int i = 0; i < 3; ++i) rig.create_article("Note " + std::to_string(i), "note " + std::to_string(i) + " text");
  CHECK(rig.vellum({"queue", "wait-for-completion", "--timeout", "30"}).exit_code == 0);
  const auto first = rig.get("/api/rag/status").json()["embeddingSet"]["id"].get<int>();

  // A new model with a manual cut-over, while the queue is stopped: its set stays empty.
  CHECK(rig.vellum({"queue", "stop"}).exit_code == 0);
  OpsOptions manual;
  manual.embedding_yaml = "  provider: local\n  cutover: manual\n  local:\n    dimensions: 128\n";
  rig.write_config(manual);
  rig.reload(2);
  const auto lanes = rig.get("/api/embedding-sets").json()["lanes"];
  REQUIRE_FALSE(lanes["building"].is_null());
  const auto second = lanes["building"]["id"].get<int>();

  auto refused = rig.vellum({"embeddings", "activate", std::to_string(second)});
  CHECK(refused.exit_code == 1);
  CHECK_THAT(refused.err, Catch::Contains("lacks 3 of 3 articles") && Catch::Contains("--force"));
  auto dry = rig.vellum({"embeddings", "activate", std::to_string(second), "--force", "--dry-run"});
  CHECK(dry.exit_code == 0);
  CHECK_THAT(dry.out, Catch::Contains("would activate set " + std::to_string(second)));
  CHECK(rig.get("/api/rag/status").json()["embeddingSet"]["id"] == first);  // a dry run changes nothing
  CHECK(rig.vellum({"embeddings", "activate", "x"}).exit_code == 2);
  CHECK(rig.vellum({"embeddings", "activate"}).exit_code == 2);

  auto forced = rig.vellum({"embeddings", "activate", std::to_string(second), "--force"});
  INFO(forced.err);
  CHECK(forced.exit_code == 0);
  CHECK_THAT(forced.out, Catch::Contains("3 article(s) are embedded again") && Catch::Contains("3 task(s) queued"));
  REQUIRE(eventually([&] { return rig.get("/api/rag/status").json()["embeddingSet"]["id"] == second; }));
  // Search answers from the new set and says it lacks articles; so does the admin /health (still 200).
  auto degraded = rig.get("/api/search?query=note&mode=hybrid");
  CHECK(degraded.status == 200);
  CHECK(degraded.header("Vellum-Embedding-Set").starts_with(std::to_string(second) + " local/"));
  CHECK_THAT(degraded.header("Vellum-Search-Degraded"), Catch::Contains("lacks 3 of 3"));
  auto health = rig.get("/health");  // the admin token: the detailed form
  INFO(health.body);
  CHECK(health.status == 200);
  CHECK(health.json()["status"] == "degraded");
  CHECK_THAT(health.json()["degradedReasons"].dump(), Catch::Contains("lacks 3 of 3"));
  auto metrics = rig.get("/metrics");
  CHECK_THAT(metrics.body, Catch::Contains("vellum_embedding_set_missing_articles{set=\"" + std::to_string(second) +
                                           "\",role=\"active\",provider=\"local\"") &&
                               Catch::Contains("vellum_embedding_set_coverage_ratio{set=\"" + std::to_string(first) +
                                               "\",role=\"previous\""));

  // Once the queue runs, the set fills and search stops saying so.
  CHECK(rig.vellum({"queue", "start"}).exit_code == 0);
  REQUIRE(eventually([&] { return rig.get("/api/search?query=note&mode=hybrid").header("Vellum-Search-Degraded").empty(); },
                     std::chrono::seconds(30)));

  // Back to the first set: it was kept current as the previous one, so nothing is embedded again.
  auto back = rig.vellum({"embeddings", "activate", "--previous"});
  INFO(back.err);
  CHECK(back.exit_code == 0);
  CHECK_THAT(back.out, Catch::Contains("nothing to embed"));
  REQUIRE(eventually([&] { return rig.get("/api/rag/status").json()["embeddingSet"]["id"] == first; }));
  auto listed = rig.vellum_json({"embeddings", "list"});
  std::map<int, std::string> states;
  for (const auto& set : listed["sets"]) states[set["id"].get<int>()] = set["state"];
  CHECK(states[first] == "active");
  CHECK(states[second] == "previous");

  // Compare before cutting over: the same queries against both sets, each with its own provider.
  const auto a = std::to_string(first), b = std::to_string(second);
  auto compared = rig.vellum_json({"embeddings", "compare", a, b, "--k", "3"});
  CHECK(compared["queries"].size() == 3);  // the titles of the three articles
  CHECK(compared["meanOverlap"].get<double>() > 0);
  auto same = rig.vellum_json({"embeddings", "compare", a, a, "--k", "3"});
  CHECK(same["meanOverlap"] == 1.0);
  CHECK(same["meanRankShift"] == 0.0);
  rig.dir().write("queries.txt", "note 1 text\n\nnote 2\n");
  auto from_file = rig.vellum_json({"embeddings", "compare", a, b, "--queries", "queries.txt"});
  CHECK(from_file["queries"].size() == 2);
  CHECK_THAT(rig.vellum({"embeddings", "compare", a, b}).out, Catch::Contains("overlap@10:"));
  CHECK(rig.vellum({"embeddings", "compare", a, "999"}).exit_code == 1);
  CHECK(rig.vellum({"embeddings", "compare", a}).exit_code == 2);
  CHECK(rig.vellum({"embeddings", "compare", a, b, "--k", "0"}).exit_code == 2);

  // The API's activation is the administrator's, and answers once search uses the set.
  HttpClient anonymous(rig.port());
  CHECK(anonymous.post_json("/api/embedding-sets/previous/activate", nlohmann::json::object()).status == 401);
  auto via_api = rig.post("/api/embedding-sets/previous/activate", nlohmann::json::object());
  INFO(via_api.body);
  CHECK(via_api.status == 200);
  CHECK(via_api.json()["lanes"]["active"]["id"] == second);
  CHECK(rig.post("/api/embedding-sets/999/activate", nlohmann::json::object()).status == 404);
  CHECK(rig.post("/api/embedding-sets/abc/activate", nlohmann::json::object()).status == 400);
}

TEST_CASE("a server restarted mid-switch serves the active set with its recorded provider", "[ops][switch]") {
  OpsRig rig;
  rig.start();
  rig.create_article("Kept", "kept article about harbour cranes");
  CHECK(rig.vellum({"queue", "wait-for-completion", "--timeout", "30"}).exit_code == 0);
  const auto first = rig.get("/api/rag/status").json()["embeddingSet"]["id"].get<int>();

  CHECK(rig.vellum({"queue", "stop"}).exit_code == 0);
  OpsOptions manual;
  manual.embedding_yaml = "  provider: local\n  cutover: manual\n  local:\n    dimensions: 128\n";
  rig.write_config(manual);
  rig.stop();
  rig.start();  // the configuration names the 128-d model; the 64-d set is still the active one

  const auto lanes = rig.get("/api/embedding-sets").json()["lanes"];
  CHECK(lanes["active"]["id"] == first);
  CHECK(lanes["active"]["dimensions"] == 64);
  CHECK(lanes["active"]["providerLoaded"] == true);
  CHECK(lanes["building"]["dimensions"] == 128);
  auto found = rig.get("/api/search?mode=semantic&query=harbour%20cranes");
  INFO(found.body);
  REQUIRE(found.status == 200);
  CHECK(found.header("Vellum-Embedding-Set").starts_with(std::to_string(first) + " local/"));
  CHECK_FALSE(found.json().empty());
}
