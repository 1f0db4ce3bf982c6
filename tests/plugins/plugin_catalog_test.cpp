// Scanning plugin directories: what is found, what is refused and why, and the search order.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>

#include "plugins/plugin_catalog.hpp"
#include "support/temp_dir.hpp"

using vellum::plugins::PluginCatalog;
namespace sdk = vellum::sdk;

namespace {
const std::filesystem::path kFixtures = VELLUM_TEST_FIXTURE_DIR;
const std::filesystem::path kPlugins = VELLUM_TEST_PLUGIN_DIR;
}  // namespace

TEST_CASE("a scan keeps the good plugins and lists every refused file with its reason") {
  auto catalog = PluginCatalog::scan({kFixtures});
  CHECK(catalog.names(sdk::Slot::embedding) == std::vector<std::string>{"fixture"});
  CHECK(catalog.refused().size() == 6);  // abi, sdk major, libc++, slot 7, no factory, no manifest
  auto refused = [&](const std::string& file) {
    return std::any_of(catalog.refused().begin(), catalog.refused().end(),
                       [&](const auto& r) { return r.file.filename() == file; });
  };
  CHECK(refused("fixture-abi-999.so"));
  CHECK(refused("fixture-no-manifest.so"));
}

TEST_CASE("the same plugin name twice is refused, naming both files") {
  vellum::test::TempDir first, second;
  std::filesystem::copy_file(kFixtures / "fixture-embedding.so", first / "a.so");
  std::filesystem::copy_file(kFixtures / "fixture-embedding.so", second / "b.so");
  // Writable by their owner only whatever the umask, or the loader would refuse them as untrusted.
  for (const auto& path : {first.path(), second.path(), first / "a.so", second / "b.so"}) {
    std::filesystem::permissions(path, std::filesystem::perms::group_write | std::filesystem::perms::others_write,
                                 std::filesystem::perm_options::remove);
  }
  auto catalog = PluginCatalog::scan({first.path(), second.path()});
  REQUIRE(catalog.plugins().size() == 1);
  CHECK(catalog.plugins()[0]->manifest().file == first / "a.so");
  REQUIRE(catalog.refused().size() == 1);
  CHECK(catalog.refused()[0].reason == "plugin " + (second / "b.so").string() +
                                           ": duplicate embedding plugin name 'fixture', already provided by " +
                                           (first / "a.so").string());
}

TEST_CASE("asking for a plugin that is not installed lists what is") {
  auto catalog = PluginCatalog::scan({kPlugins});
  CHECK(catalog.find(sdk::Slot::embedding, "local") != nullptr);
  CHECK(catalog.find(sdk::Slot::storage, "local") == nullptr);
  CHECK_THAT(catalog.explain_missing(sdk::Slot::embedding, "nope"),
             Catch::StartsWith("no embedding plugin named 'nope'; installed: ") &&
                 Catch::Contains("local") && Catch::Contains("(searched " + kPlugins.string() + ")"));
}

TEST_CASE("a missing built-in plugin packaged apart is named with the package to install") {
  auto catalog = PluginCatalog::scan({kFixtures});  // the fixtures: no built-in plugin at all
  CHECK_THAT(catalog.explain_missing(sdk::Slot::storage, "postgres"),
             Catch::StartsWith("no storage plugin named 'postgres'; installed: none (searched ") &&
                 Catch::Contains("); it ships in the Debian package vellum-postgres: apt install vellum-postgres"));
  CHECK_THAT(catalog.explain_missing(sdk::Slot::embedding, "openai"), Catch::Contains("apt install vellum-http-providers"));
  CHECK_THAT(catalog.explain_missing(sdk::Slot::embedding, "local"), !Catch::Contains("apt install"));
}

TEST_CASE("missing plugin directories are skipped, not errors") {
  auto catalog = PluginCatalog::scan({"/nonexistent/plugins", kFixtures});
  CHECK(catalog.find(sdk::Slot::embedding, "fixture") != nullptr);
}

TEST_CASE("the search path is configured dirs, then VELLUM_PLUGIN_PATH, then the install default, without repeats") {
  auto path = vellum::plugins::plugin_search_path({"/etc/a", "/etc/b"}, "/env/one::/env/two:/etc/a");
  REQUIRE(path.size() == 5);
  CHECK(path[0] == "/etc/a");
  CHECK(path[1] == "/etc/b");
  CHECK(path[2] == "/env/one");
  CHECK(path[3] == "/env/two");
  CHECK(path[4].filename() == "plugins");  // <bin>/../lib/vellum/plugins
}
