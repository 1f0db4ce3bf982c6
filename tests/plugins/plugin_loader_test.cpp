// The loader's happy path and every way a plugin file can be wrong, each with its exact message.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "config/plugin_settings.hpp"
#include "plugins/host_services.hpp"
#include "plugins/plugin_library.hpp"
#include "support/temp_dir.hpp"

using vellum::plugins::PluginLibrary;
namespace sdk = vellum::sdk;

namespace {

const std::filesystem::path kFixtures = VELLUM_TEST_FIXTURE_DIR;
const std::filesystem::path kPlugins = VELLUM_TEST_PLUGIN_DIR;

sdk::PluginConfig settings_for(const PluginLibrary& library,
                               std::map<std::string, vellum::config::SettingInput, std::less<>> given = {}) {
  auto built = vellum::config::build_plugin_config("embedding." + library.manifest().name,
                                                   library.manifest().options, given);
  REQUIRE(built.ok());
  return built.value();
}

std::string open_error(const std::filesystem::path& file) {
  auto opened = PluginLibrary::open(file);
  REQUIRE_FALSE(opened.ok());
  return opened.error().message;
}

}  // namespace

TEST_CASE("the built-in local provider loads, reports its manifest and embeds") {
  auto library = PluginLibrary::open(kPlugins / "vellum-embedding-local.so");
  REQUIRE(library.ok());
  const auto& manifest = library.value()->manifest();
  CHECK(manifest.name == "local");
  CHECK(manifest.slot == sdk::Slot::embedding);
  CHECK(manifest.abi_version == sdk::kAbiVersion);
  CHECK(manifest.stdlib_id == sdk::kStdlibId);
  CHECK_FALSE(manifest.options.empty());

  vellum::plugins::HostServices host("/tmp");
  auto provider = library.value()->create<sdk::Slot::embedding>(settings_for(*library.value()), host);
  REQUIRE(provider.ok());
  CHECK(provider.value()->describe().dimensions == 384);
  std::vector<std::string> texts{"hello world"};
  auto vectors = provider.value()->embed(texts, {});
  REQUIRE(vectors.ok());
  CHECK(vectors.value().at(0).size() == 384);
}

TEST_CASE("an object keeps its library loaded after every other reference is gone") {
  vellum::plugins::HostServices host("/tmp");
  sdk::ProviderPtr provider;
  {
    auto library = PluginLibrary::open(kFixtures / "fixture-embedding.so");
    REQUIRE(library.ok());
    auto created = library.value()->create<sdk::Slot::embedding>(settings_for(*library.value()), host);
    REQUIRE(created.ok());
    provider = created.value();
  }
  // The library handle went out of scope above; calling into the plugin's code must still work.
  CHECK(provider->describe().model == "fixture-model");
  CHECK(provider->health().ok());
  provider.reset();
}

TEST_CASE("a missing file is refused by name") {
  CHECK(open_error("/nonexistent/vellum-embedding-nope.so") ==
        "plugin /nonexistent/vellum-embedding-nope.so: file not found");
}

TEST_CASE("a file that is not a shared library is refused") {
  vellum::test::TempDir dir;
  const auto text = dir.write("notes.so", std::string(200, 'x'));
  CHECK(open_error(text) == "plugin " + text.string() + ": not a loadable shared library (not an ELF file)");

  // A real plugin cut in half: an ELF header that lies about the rest.
  const auto whole = kPlugins / "vellum-embedding-local.so";
  std::ifstream in(whole, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), {});
  const auto truncated = dir.write("truncated.so", bytes.substr(0, 4096));
  // dlopen would die of SIGBUS on this file; the loader must refuse it first.
  CHECK(open_error(truncated) == "plugin " + truncated.string() +
                                     ": not a loadable shared library (truncated (a loadable segment extends past "
                                     "the end of the file))");
}

TEST_CASE("a shared library without a manifest is refused") {
  const auto file = kFixtures / "fixture-no-manifest.so";
  CHECK(open_error(file) == "plugin " + file.string() +
                                ": no Vellum manifest: symbol 'vellum_plugin_manifest' not found; is it built with "
                                "VELLUM_PLUGIN?");
}

TEST_CASE("a manifest without a factory is refused") {
  const auto file = kFixtures / "fixture-no-factory.so";
  CHECK(open_error(file) == "plugin " + file.string() + ": no factory: symbol 'vellum_plugin_create' not found");
}

TEST_CASE("ABI, SDK major and standard library mismatches are refused with expected and found values") {
  const auto abi = kFixtures / "fixture-abi-999.so";
  CHECK(open_error(abi) == "plugin " + abi.string() +
                               ": ABI version mismatch: expected " + std::to_string(sdk::kAbiVersion) +
                               ", found 999; rebuild the plugin against this SDK");
  const auto sdk_major = kFixtures / "fixture-sdk-major-99.so";
  CHECK(open_error(sdk_major) == "plugin " + sdk_major.string() + ": SDK major version mismatch: expected 0.x, found 99.0");
  const auto stdlib = kFixtures / "fixture-libcxx.so";
  CHECK(open_error(stdlib) == "plugin " + stdlib.string() +
                                  ": C++ standard library mismatch: expected libstdc++/cxx11, found libc++/cxx11");
  const auto slot = kFixtures / "fixture-slot-7.so";
  CHECK(open_error(slot) == "plugin " + slot.string() + ": unknown slot 7; expected embedding, storage or queue");
}

TEST_CASE("a plugin asked for another slot is refused before its factory runs") {
  auto library = PluginLibrary::open(kFixtures / "fixture-embedding.so");
  REQUIRE(library.ok());
  vellum::plugins::HostServices host("/tmp");
  auto created = library.value()->create<sdk::Slot::storage>(settings_for(*library.value()), host);
  REQUIRE_FALSE(created.ok());
  CHECK(created.error().message == "plugin " + (kFixtures / "fixture-embedding.so").string() +
                                       ": plugin 'fixture' is for the embedding slot, not the storage slot");
}

TEST_CASE("a factory that fails or throws is reported with the plugin's name and file") {
  auto library = PluginLibrary::open(kFixtures / "fixture-embedding.so");
  REQUIRE(library.ok());
  vellum::plugins::HostServices host("/tmp");
  const auto prefix = "plugin " + (kFixtures / "fixture-embedding.so").string() + " (fixture): factory failed: ";

  auto failed = library.value()->create<sdk::Slot::embedding>(
      settings_for(*library.value(), {{"factory", {"fail", "test"}}}), host);
  REQUIRE_FALSE(failed.ok());
  CHECK(failed.error().kind == sdk::ErrorKind::invalid_argument);
  CHECK(failed.error().message == prefix + "fixture factory refused its settings");

  auto threw = library.value()->create<sdk::Slot::embedding>(
      settings_for(*library.value(), {{"factory", {"throw", "test"}}}), host);
  REQUIRE_FALSE(threw.ok());
  CHECK(threw.error().kind == sdk::ErrorKind::internal);
  CHECK(threw.error().message == prefix + "factory threw: fixture factory exploded");
}
