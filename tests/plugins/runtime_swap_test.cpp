// The runtime snapshot and its hot swap: changed slots are rebuilt and checked, unchanged ones are
// reused, holders of an old snapshot keep a working old instance, and a failing swap changes nothing.
#include <catch2/catch.hpp>

#include <chrono>

#include "config/plugin_settings.hpp"
#include "plugins/host_services.hpp"
#include "plugins/hot_swap.hpp"
#include "support/temp_dir.hpp"

namespace sdk = vellum::sdk;
using vellum::plugins::PluginCatalog;
using vellum::plugins::RuntimeManager;
using vellum::plugins::RuntimeSpec;
using vellum::plugins::SlotChoice;

namespace {

SlotChoice choice(const PluginCatalog& catalog, sdk::Slot slot, const std::string& plugin,
                  std::map<std::string, vellum::config::SettingInput, std::less<>> given) {
  auto library = catalog.find(slot, plugin);
  REQUIRE(library != nullptr);
  auto settings = vellum::config::build_plugin_config(std::string(sdk::to_string(slot)) + "." + plugin,
                                                      library->manifest().options, given);
  REQUIRE(settings.ok());
  return {plugin, settings.value()};
}

// A runtime on SQLite and the local provider, generation 1, with the built and fixture plugins.
struct SwapRig {
  vellum::test::TempDir data;
  vellum::plugins::HostServices host{data.path().string()};
  PluginCatalog catalog = PluginCatalog::scan({VELLUM_TEST_PLUGIN_DIR, VELLUM_TEST_FIXTURE_DIR});
  RuntimeManager manager{host};
  RuntimeSpec spec;

  explicit SwapRig(const std::string& provider = "local") {
    spec.storage = choice(catalog, sdk::Slot::storage, "sqlite", {{"path", {"swap.db", "test"}}});
    spec.embedding = choice(catalog, sdk::Slot::embedding, provider, {});
    REQUIRE(manager.apply(spec, catalog).ok());
  }
};

}  // namespace

TEST_CASE("a provider swap rebuilds only the provider and leaves old snapshots working") {
  vellum::test::TempDir data;
  vellum::plugins::HostServices host(data.path().string());
  auto catalog = PluginCatalog::scan({VELLUM_TEST_PLUGIN_DIR, VELLUM_TEST_FIXTURE_DIR});
  RuntimeManager manager(host);

  RuntimeSpec spec;
  spec.storage = choice(catalog, sdk::Slot::storage, "sqlite", {{"path", {"swap.db", "test"}}});
  spec.embedding = choice(catalog, sdk::Slot::embedding, "local", {{"dimensions", {"64", "test"}}});
  auto first = manager.apply(spec, catalog);
  REQUIRE(first.ok());
  CHECK(first.value().generation == 1);
  const auto before = manager.current();
  CHECK(before->embedding.object->describe().dimensions == 64);

  spec.embedding = choice(catalog, sdk::Slot::embedding, "local", {{"dimensions", {"128", "test"}}});
  auto second = manager.apply(spec, catalog);
  REQUIRE(second.ok());
  CHECK(second.value().generation == 2);
  CHECK(second.value().report.rebuilt == std::vector<std::string>{"embedding"});
  CHECK(second.value().report.reused == std::vector<std::string>{"storage"});

  const auto after = manager.current();
  CHECK(after->embedding.object->describe().dimensions == 128);
  CHECK(after->storage.object == before->storage.object);
  // Whoever still holds the old snapshot finishes its work with the old provider.
  std::vector<std::string> texts{"still here"};
  auto old_vectors = before->embedding.object->embed(texts, {});
  REQUIRE(old_vectors.ok());
  CHECK(old_vectors.value()[0].size() == 64);
}

TEST_CASE("a swap to a provider that fails its health check is refused and the old runtime stays") {
  vellum::test::TempDir data;
  vellum::plugins::HostServices host(data.path().string());
  auto catalog = PluginCatalog::scan({VELLUM_TEST_PLUGIN_DIR, VELLUM_TEST_FIXTURE_DIR});
  RuntimeManager manager(host);

  RuntimeSpec spec;
  spec.storage = choice(catalog, sdk::Slot::storage, "sqlite", {{"path", {"swap.db", "test"}}});
  spec.embedding = choice(catalog, sdk::Slot::embedding, "local", {});
  REQUIRE(manager.apply(spec, catalog).ok());

  auto broken = spec;
  broken.embedding = choice(catalog, sdk::Slot::embedding, "fixture", {{"healthy", {"false", "test"}}});
  auto refused = manager.apply(broken, catalog);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().message ==
        "embedding plugin 'fixture' failed its health check: fixture is configured unhealthy");
  CHECK(manager.current()->generation == 1);
  CHECK(manager.current()->embedding.choice.plugin == "local");

  auto missing = spec;
  missing.embedding.plugin = "nope";
  auto not_found = manager.apply(missing, catalog);
  REQUIRE_FALSE(not_found.ok());
  CHECK_THAT(not_found.error().message,
             Catch::StartsWith("embedding plugin 'nope': no embedding plugin named 'nope'; installed: "));
  CHECK(manager.current()->generation == 1);
}

TEST_CASE("a provider that does not answer its health check within the deadline is refused without waiting for it") {
  SwapRig rig;
  auto slow = rig.spec;
  slow.embedding = choice(rig.catalog, sdk::Slot::embedding, "fixture", {{"health_delay_ms", {"3000", "test"}}});
  slow.health_check_timeout = std::chrono::milliseconds(200);
  const auto started = std::chrono::steady_clock::now();
  auto refused = rig.manager.apply(slow, rig.catalog);
  const auto waited = std::chrono::steady_clock::now() - started;
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().message ==
        "embedding plugin 'fixture' failed its health check: no answer within 200 ms (plugins.health_check_timeout_ms)");
  CHECK(waited < std::chrono::milliseconds(2000));
  CHECK(rig.manager.current()->generation == 1);
  CHECK(rig.manager.current()->embedding.choice.plugin == "local");

  // Slow but within the deadline: accepted.
  slow.embedding = choice(rig.catalog, sdk::Slot::embedding, "fixture", {{"health_delay_ms", {"50", "test"}}});
  slow.health_check_timeout = std::chrono::milliseconds(5000);
  auto accepted = rig.manager.apply(slow, rig.catalog);
  REQUIRE(accepted.ok());
  CHECK(accepted.value().generation == 2);
}

TEST_CASE("a refused swap names every slot that failed, and a build report says which") {
  SwapRig rig;
  auto broken = rig.spec;
  broken.embedding = choice(rig.catalog, sdk::Slot::embedding, "fixture", {{"healthy", {"false", "test"}}});
  broken.queue.plugin = "nada";
  vellum::plugins::BuildReport report;
  auto refused = rig.manager.apply(broken, rig.catalog, &report);
  REQUIRE_FALSE(refused.ok());
  REQUIRE(report.failures.size() == 2);
  CHECK(report.failures[0] == "embedding plugin 'fixture' failed its health check: fixture is configured unhealthy");
  CHECK_THAT(report.failures[1], Catch::StartsWith("queue plugin 'nada': no queue plugin named 'nada'"));
  CHECK(refused.error().message == report.failures[0] + "; " + report.failures[1]);
  CHECK(report.reused == std::vector<std::string>{"storage"});
  CHECK(rig.manager.current()->generation == 1);
}

TEST_CASE("each slot of a runtime records its plugin's version, and a reused slot keeps it") {
  SwapRig rig("fixture");
  CHECK(rig.manager.current()->embedding.version == "0.0.1");
  const auto storage_version = rig.catalog.find(sdk::Slot::storage, "sqlite")->manifest().version;
  CHECK_FALSE(storage_version.empty());
  CHECK(rig.manager.current()->storage.version == storage_version);

  rig.spec.embedding = choice(rig.catalog, sdk::Slot::embedding, "local", {});
  REQUIRE(rig.manager.apply(rig.spec, rig.catalog).ok());
  CHECK(rig.manager.current()->storage.version == storage_version);  // reused
  CHECK(rig.manager.current()->embedding.version ==
        rig.catalog.find(sdk::Slot::embedding, "local")->manifest().version);
}
