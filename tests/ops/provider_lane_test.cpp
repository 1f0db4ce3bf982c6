// A provider that stalls holds up only the requests that need it (issue 18, item 4): semantic searches
// wait on their own pool of threads, and /health, reads, keyword search and writes keep being
// answered meanwhile. Asserted by order, not by time: every one of those answers arrives while all
// 32 searches are still waiting on the provider.
#include <catch2/catch.hpp>

#include <atomic>
#include <thread>
#include <vector>

#include "fakes/fake_ollama.hpp"
#include "ops/ops_rig.hpp"

using namespace vellum::test;
using namespace std::chrono_literals;

TEST_CASE("health, reads, keyword search and writes are answered while 32 semantic searches wait on a stalled provider",
          "[ops]") {
  FakeOllama ollama({.dimensions = 64, .threads = 40});
  OpsOptions options;
  options.embedding_yaml = "  provider: ollama\n  ollama:\n    base_url: " + ollama.base_url() +
                           "\n    dimensions: 64\n    timeout_ms: 60000\n    concurrency: 16\n";
  OpsRig rig(options);
  rig.start();
  const auto created = rig.post("/api/articles", {{"title", "Lanes"}, {"content", "Searches wait, reads do not."}});
  REQUIRE(created.status == 201);
  const auto article = "/api/articles/" + created.json()["filename"].get<std::string>();
  REQUIRE(rig.vellum({"queue", "wait-for-completion", "--timeout", "30"}).exit_code == 0);

  ollama.reset_counters();
  ollama.fail_always(Fault::latency(std::chrono::minutes(2)));  // answers once clear_faults() lets it
  constexpr int kSearches = 32;
  std::atomic<int> answered{0};
  std::atomic<int> ok{0};
  std::vector<std::thread> searches;
  for (int i = 0; i < kSearches; ++i) {
    searches.emplace_back([&, i] {
      HttpClient client(rig.port());
      RequestOptions request;
      request.headers = {{"Authorization", "Bearer " + rig.token()}};
      request.timeout = 120s;
      const auto result =
          client.request("GET", "/api/search?mode=semantic&query=waits" + std::to_string(i), {}, request);
      if (result.status == 200) ++ok;
      ++answered;
    });
  }
  // The provider pool is full of searches waiting on the provider; the rest queue behind them.
  REQUIRE(eventually([&] { return ollama.calls() >= 8; }));

  const auto health = rig.get("/health");  // the admin form, which checks the provider too
  CHECK(health.status == 200);
  CHECK(health.json()["provider"]["healthy"] == false);
  CHECK_THAT(health.json()["provider"]["message"].get<std::string>(), Catch::Contains("no answer within"));
  CHECK(rig.get(article).status == 200);
  CHECK(rig.get("/api/search?mode=keyword&query=reads").status == 200);
  CHECK(rig.get("/api/articles?q=Lanes").status == 200);
  CHECK(rig.post("/api/articles", {{"title", "Written"}, {"content", "While the provider hangs."}}).status == 201);
  CHECK(answered.load() == 0);  // every answer above came while all 32 searches still waited

  ollama.clear_faults();
  for (auto& search : searches) search.join();
  CHECK(answered.load() == kSearches);
  CHECK(ok.load() == kSearches);
}
