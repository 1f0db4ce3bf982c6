// Registers the local provider with the host: its settings table and its factory.
#include "local_provider.hpp"
#include "vellum/sdk/abi.hpp"

namespace vellum::local_embedding {
namespace {

constexpr sdk::ConfigOption kOptions[] = {
    sdk::option_integer("dimensions", "384", 8, 4096, "Vector size; changing it starts a new embedding set"),
    sdk::option_string("model", "hashed-ngrams-v1", "Model id recorded with the embedding set"),
    sdk::option_integer("char_ngram", "3", 0, 8, "Character n-gram length inside words (0 = off)"),
    sdk::option_boolean("word_bigrams", "true", "Also hash pairs of neighbouring words"),
    sdk::option_integer("max_inputs_per_call", "256", 1, 100000, "Texts per embed() call the host may send"),
};

sdk::Result<sdk::ProviderPtr> make_local_provider(const sdk::PluginConfig& config, sdk::HostContext&) {
  FeatureOptions options;
  options.dimensions = static_cast<std::size_t>(config.get_integer("dimensions"));
  options.char_ngram = static_cast<std::size_t>(config.get_integer("char_ngram"));
  options.word_bigrams = config.get_boolean("word_bigrams");
  return sdk::ProviderPtr(std::make_shared<LocalProvider>(
      config.get_string("model"), options, static_cast<std::size_t>(config.get_integer("max_inputs_per_call"))));
}

}  // namespace
}  // namespace vellum::local_embedding

VELLUM_PLUGIN(embedding, "local", "1.0.0", "Deterministic offline embeddings from hashed word and character n-grams",
              vellum::local_embedding::kOptions, vellum::local_embedding::make_local_provider)
