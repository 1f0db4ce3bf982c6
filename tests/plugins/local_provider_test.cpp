// The embedded default provider, through its real .so: deterministic, normalised, lexical.
#include <catch2/catch.hpp>

#include <cmath>
#include <numeric>

#include "config/plugin_settings.hpp"
#include "plugins/host_services.hpp"
#include "plugins/plugin_library.hpp"

namespace sdk = vellum::sdk;

namespace {

sdk::ProviderPtr local_provider(std::map<std::string, vellum::config::SettingInput, std::less<>> given = {}) {
  static vellum::plugins::HostServices host("/tmp");
  auto library = vellum::plugins::PluginLibrary::open(std::filesystem::path(VELLUM_TEST_PLUGIN_DIR) /
                                                      "vellum-embedding-local.so");
  REQUIRE(library.ok());
  auto settings = vellum::config::build_plugin_config("embedding.local", library.value()->manifest().options, given);
  REQUIRE(settings.ok());
  auto provider = library.value()->create<sdk::Slot::embedding>(settings.value(), host);
  REQUIRE(provider.ok());
  return provider.value();
}

double dot(const sdk::Vector& a, const sdk::Vector& b) {
  return std::inner_product(a.begin(), a.end(), b.begin(), 0.0);
}

}  // namespace

TEST_CASE("local vectors are deterministic, unit length and of the configured size") {
  auto provider = local_provider({{"dimensions", {"128", "test"}}});
  std::vector<std::string> texts{"Vector search over markdown", "Vector search over markdown", ""};
  auto first = provider->embed(texts, {});
  auto second = provider->embed(texts, {});
  REQUIRE(first.ok());
  REQUIRE(second.ok());
  CHECK(first.value() == second.value());
  CHECK(first.value()[0].size() == 128);
  CHECK(dot(first.value()[0], first.value()[0]) == Approx(1.0).epsilon(1e-5));
  CHECK(dot(first.value()[2], first.value()[2]) == 0.0);  // nothing to hash
  CHECK(provider->describe().lexical);
}

TEST_CASE("texts sharing words are closer than unrelated ones") {
  auto provider = local_provider();
  std::vector<std::string> texts{"how to configure the postgres backend", "configuring a postgres database backend",
                                 "chocolate cake recipe with cherries"};
  auto v = provider->embed(texts, {});
  REQUIRE(v.ok());
  CHECK(dot(v.value()[0], v.value()[1]) > dot(v.value()[0], v.value()[2]) + 0.2);
}

TEST_CASE("a requested stop cancels embedding") {
  auto provider = local_provider();
  std::stop_source stop;
  stop.request_stop();
  sdk::EmbedOptions options;
  options.stop = stop.get_token();
  std::vector<std::string> texts{"anything"};
  auto result = provider->embed(texts, options);
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().kind == sdk::ErrorKind::cancelled);
}

TEST_CASE("local settings: v2 is the default model, v1 settings still load, new keys take effect") {
  CHECK(local_provider()->describe().model == "hashed-ngrams-v2");
  // A configuration written for v1 names only v1 keys; it must still be accepted.
  auto v1 = local_provider({{"model", {"hashed-ngrams-v1", "test"}},
                            {"char_ngram", {"4", "test"}},
                            {"word_bigrams", {"false", "test"}}});
  CHECK(v1->describe().model == "hashed-ngrams-v1");

  std::vector<std::string> texts{"Café", "cafe"};
  auto folded = local_provider()->embed(texts, {});
  auto accented = local_provider({{"strip_accents", {"false", "test"}}})->embed(texts, {});
  REQUIRE(folded.ok());
  REQUIRE(accented.ok());
  CHECK(dot(folded.value()[0], folded.value()[1]) == Approx(1.0));
  CHECK(dot(accented.value()[0], accented.value()[1]) < 0.9);
}
