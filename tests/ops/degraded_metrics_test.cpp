// Issue 19's "done when": each degraded mode, provoked through the real parts — a real `vellum serve`,
// the real plugin .so files, a fake Ollama over loopback that fails on demand — shows in /metrics as
// a counter or gauge, in the admin /health, and in one log line per interval, not one per request.
// (Storage reconnects need a database to lose: tests/multiprocess/postgres_outage_test.cpp.)
#include <catch2/catch.hpp>

#include <spdlog/spdlog.h>

#include <optional>
#include <regex>
#include <sstream>
#include <thread>

#include "fakes/fake_ollama.hpp"
#include "ops/ops_rig.hpp"

using namespace vellum::test;
using std::chrono::milliseconds;

namespace {

constexpr int kDimensions = 16;

// The value of the first series of `name` whose labels contain `labels` ("" = any), or nullopt.
std::optional<double> sample(const std::string& exposition, const std::string& name, const std::string& labels = "") {
  std::istringstream lines(exposition);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(name, 0) != 0) continue;
    const auto rest = line.substr(name.size());
    if (rest.empty() || (rest[0] != ' ' && rest[0] != '{')) continue;  // another name with this prefix
    if (!labels.empty() && rest.find(labels) == std::string::npos) continue;
    return std::stod(rest.substr(rest.rfind(' ') + 1));
  }
  return std::nullopt;
}

std::size_t occurrences(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

OpsOptions with_ollama(const FakeOllama& fake, const std::string& strategy) {
  OpsOptions options;
  options.queue_strategy = strategy;
  options.embedding_yaml = "  provider: ollama\n  ollama:\n    base_url: " + fake.base_url() +
                           "\n    dimensions: " + std::to_string(kDimensions) + "\n";
  return options;
}

}  // namespace

TEST_CASE("a provider that is down, then rate-limited: counted per kind, its availability, the lost semantic half",
          "[ops][metrics]") {
  spdlog::set_level(spdlog::level::warn);  // the fake's access log: a line per embed call
  FakeOllama fake({.dimensions = kDimensions});
  OpsRig rig(with_ollama(fake, "sync"));
  rig.start();
  rig.create_article("Alpha", "# Alpha\nabout lighthouses");  // embedded inline: the provider answers

  auto metrics = rig.get("/metrics").body;
  CHECK(sample(metrics, "vellum_provider_available", "provider=\"ollama\"") == 1.0);
  CHECK(sample(metrics, "vellum_provider_calls_total", "provider=\"ollama\"").value_or(0) >= 1);
  CHECK_FALSE(sample(metrics, "vellum_provider_failures_total"));

  SECTION("down: 503 from the provider") {
    fake.fail_always(Fault::unavailable());
    // Hybrid search loses its semantic half and answers from keywords: three times, one log line.
    for (int i = 0; i < 3; ++i) {
      const auto found = rig.get("/api/search?query=lighthouses&mode=hybrid");
      CHECK(found.status == 200);
      CHECK_FALSE(found.header("vellum-search-degraded").empty());
    }
    CHECK(rig.get("/api/search?query=lighthouses&mode=semantic").status == 503);
    // The sync strategy cannot index a write inline: the article is queued, and counted.
    rig.create_article("Beta", "# Beta\nabout harbours");

    metrics = rig.get("/metrics").body;
    INFO(metrics);
    CHECK(sample(metrics, "vellum_provider_available", "provider=\"ollama\"") == 0.0);
    CHECK(sample(metrics, "vellum_provider_failures_total", "kind=\"transient\"").value_or(0) >= 4);
    CHECK(sample(metrics, "vellum_search_semantic_failures_total", "kind=\"transient\",mode=\"hybrid\"") == 3.0);
    CHECK(sample(metrics, "vellum_search_semantic_failures_total", "kind=\"transient\",mode=\"semantic\"") == 1.0);
    CHECK(sample(metrics, "vellum_plugin_queue_sync_failures_total", "plugin=\"sync\",slot=\"queue\"") == 1.0);

    const auto health = rig.get("/health").json();
    INFO(health.dump(2));
    CHECK(health["metrics"]["vellum_plugin_queue_sync_failures_total{plugin=\"sync\",slot=\"queue\"}"] == 1.0);

    const auto log = rig.output();
    INFO(log);
    CHECK(occurrences(log, "search: the semantic half failed") == 1);
    CHECK(occurrences(log, "provider ollama (") >= 1);
    CHECK(log.find("is unavailable") != std::string::npos);

    fake.clear_faults();
    REQUIRE(eventually([&] { return rig.get("/api/search?query=harbours&mode=semantic").status == 200; }));
    CHECK(sample(rig.get("/metrics").body, "vellum_provider_available", "provider=\"ollama\"") == 1.0);
  }

  SECTION("rate-limited: 429 from the provider") {
    fake.fail_next(Fault::rate_limited(std::chrono::seconds(1)), 2);
    CHECK(rig.get("/api/search?query=lighthouses&mode=semantic").status == 503);
    CHECK(rig.get("/api/search?query=lighthouses&mode=semantic").status == 503);
    metrics = rig.get("/metrics").body;
    INFO(metrics);
    CHECK(sample(metrics, "vellum_provider_failures_total", "kind=\"rate_limited\"") == 2.0);
    CHECK(sample(metrics, "vellum_provider_available", "provider=\"ollama\"") == 1.0);  // it answers
    CHECK(occurrences(rig.output(), "is rate-limited") == 1);
  }
}

TEST_CASE("a change feed left unread past the threshold: lag in /metrics, degraded /health, one warning",
          "[ops][metrics]") {
  OpsOptions options;
  // The follower reads the feed at start and then not for an hour (SQLite has no change notices), so
  // every chunk written after that waits in the feed — here the server's own, which is all a lone
  // server has; another server's writes wait the same way.
  options.extra_yaml = "indexing:\n  change_feed_poll_ms: 3600000\n  change_feed_lag_warn_ms: 500\n";
  OpsRig rig(options);
  rig.start();
  auto metrics = rig.get("/metrics").body;
  CHECK(sample(metrics, "vellum_index_follower_lag_seconds") == 0.0);
  // NaN until the follower's first round has bound it to the database
  CHECK(eventually([&] { return sample(rig.get("/metrics").body, "vellum_index_follower_changes_behind") == 0.0; }));
  CHECK(sample(metrics, "vellum_index_follower_lag_threshold_seconds") == 0.5);

  rig.create_article("Gamma", "# Gamma\nabout tides");
  REQUIRE(rig.vellum({"queue", "wait-for-completion", "--timeout", "30"}).exit_code == 0);
  metrics = rig.get("/metrics").body;  // the scrape that first sees the change waiting
  CHECK(sample(metrics, "vellum_index_follower_changes_behind").value_or(0) >= 1);
  std::this_thread::sleep_for(milliseconds(800));

  metrics = rig.get("/metrics").body;
  INFO(metrics);
  CHECK(sample(metrics, "vellum_index_follower_lag_seconds").value_or(0) >= 0.8);
  const auto health = rig.get("/health").json();
  INFO(health.dump(2));
  CHECK(health["status"] == "degraded");
  CHECK(health["index"]["follower"]["changesBehind"].get<int>() >= 1);
  CHECK(health["index"]["follower"]["lagSeconds"].get<double>() >= 0.8);
  REQUIRE(health["degradedReasons"].is_array());
  CHECK_THAT(health["degradedReasons"].dump(), Catch::Contains("behind the change feed"));
  CHECK(occurrences(rig.output(), "to be read into the vector index") == 1);
}
