#include "providers/provider_fixture.hpp"

#include <catch2/catch.hpp>

#include <filesystem>

#include "config/plugin_settings.hpp"
#include "plugins/plugin_library.hpp"
#include "support/test_host_context.hpp"

namespace vellum::test {

sdk::Result<sdk::ProviderPtr> try_load_provider(std::string_view plugin, const Settings& settings) {
  static TestHostContext host("/tmp");
  const auto file = std::filesystem::path(VELLUM_TEST_PLUGIN_DIR) / ("vellum-embedding-" + std::string(plugin) + ".so");
  auto library = plugins::PluginLibrary::open(file);
  if (!library) return library.error();
  std::map<std::string, config::SettingInput, std::less<>> given;
  for (const auto& [key, value] : settings) given[key] = config::SettingInput{value, "test"};
  auto config = config::build_plugin_config("embedding." + std::string(plugin), library.value()->manifest().options,
                                            given);
  if (!config) return config.error();
  return library.value()->create<sdk::Slot::embedding>(config.value(), host);
}

namespace {

sdk::ProviderPtr load(std::string_view plugin, const FakeProvider& fake, Settings settings) {
  settings.try_emplace("base_url", fake.base_url());
  settings.try_emplace("model", fake.model());
  settings.try_emplace("dimensions", std::to_string(fake.dimensions()));
  auto provider = try_load_provider(plugin, settings);
  INFO((provider ? std::string() : provider.error().message));
  REQUIRE(provider.ok());
  return provider.value();
}

}  // namespace

sdk::ProviderPtr load_ollama(const FakeProvider& fake, Settings settings) { return load("ollama", fake, std::move(settings)); }
sdk::ProviderPtr load_openai(const FakeProvider& fake, Settings settings) { return load("openai", fake, std::move(settings)); }

std::vector<std::string> numbered_texts(std::size_t count, std::string_view prefix) {
  std::vector<std::string> texts;
  for (std::size_t i = 0; i < count; ++i) texts.push_back(std::string(prefix) + std::to_string(i));
  return texts;
}

sdk::EmbedOptions with_deadline(std::chrono::milliseconds from_now) {
  sdk::EmbedOptions options;
  options.deadline = std::chrono::steady_clock::now() + from_now;
  return options;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace vellum::test
