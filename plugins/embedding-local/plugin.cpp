// Registers the local provider with the host: its settings table and its factory.
#include "local_provider.hpp"
#include "vellum/sdk/abi.hpp"

namespace vellum::local_embedding {
namespace {

constexpr sdk::ConfigOption kOptions[] = {
    sdk::option_integer("dimensions", "384", 8, 4096, "Vector size; changing it starts a new embedding set"),
    // v2: Unicode normalisation, stemming, stop words and 3-5 character n-grams; v1 vectors differ.
    sdk::option_string("model", "hashed-ngrams-v2", "Model id recorded with the embedding set"),
    sdk::option_integer("char_ngram", "3", 0, 8, "Shortest character n-gram inside words (0 = off)"),
    sdk::option_boolean("word_bigrams", "true", "Also hash pairs of neighbouring content words"),
    sdk::option_integer("max_inputs_per_call", "256", 1, 100000, "Texts per embed() call the host may send"),
    sdk::option_integer("char_ngram_max", "5", 1, 8, "Longest character n-gram inside words"),
    sdk::option_boolean("stem", "true", "Reduce English words to their Porter2 stem"),
    sdk::option_boolean("strip_accents", "true", "Fold accented letters to their base letter (é -> e)"),
    sdk::option_number("bigram_weight", "0.6", 0, 10, "Weight of a word bigram relative to a word"),
    sdk::option_number("char_ngram_weight", "0.5", 0, 10, "Weight of a word's character n-grams, together"),
    sdk::option_number("stop_word_weight", "0.1", 0, 1, "Weight of a function word (the, of, how...)"),
};

sdk::Result<sdk::ProviderPtr> make_local_provider(const sdk::PluginConfig& config, sdk::HostContext&) {
  FeatureOptions options;
  options.dimensions = static_cast<std::size_t>(config.get_integer("dimensions"));
  options.char_ngram = static_cast<std::size_t>(config.get_integer("char_ngram"));
  options.word_bigrams = config.get_boolean("word_bigrams");
  options.char_ngram_max = static_cast<std::size_t>(config.get_integer("char_ngram_max"));
  options.stem = config.get_boolean("stem");
  options.strip_accents = config.get_boolean("strip_accents");
  options.bigram_weight = config.get_number("bigram_weight");
  options.char_ngram_weight = config.get_number("char_ngram_weight");
  options.stop_word_weight = config.get_number("stop_word_weight");
  return sdk::ProviderPtr(std::make_shared<LocalProvider>(
      config.get_string("model"), options, static_cast<std::size_t>(config.get_integer("max_inputs_per_call"))));
}

}  // namespace
}  // namespace vellum::local_embedding

VELLUM_PLUGIN(embedding, "local", "1.0.0", "Deterministic offline embeddings from hashed word and character n-grams",
              vellum::local_embedding::kOptions, vellum::local_embedding::make_local_provider)
