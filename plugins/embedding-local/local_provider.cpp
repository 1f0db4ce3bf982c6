#include "local_provider.hpp"

namespace vellum::local_embedding {

sdk::ProviderDescription LocalProvider::describe() const {
  sdk::ProviderDescription d;
  d.provider = "local";
  d.model = model_;
  d.dimensions = static_cast<std::uint32_t>(options_.dimensions);
  d.limits.max_inputs_per_call = max_inputs_;
  d.limits.max_tokens_per_input = 1u << 20;  // no model context window: any text can be hashed
  d.limits.max_tokens_per_call = 1u << 24;
  d.lexical = true;
  d.summary = "lexical: hashed stemmed words, word pairs and character n-grams, deterministic and offline (" +
              std::to_string(options_.dimensions) + " dimensions)";
  return d;
}

sdk::Result<std::vector<sdk::Vector>> LocalProvider::embed(std::span<const std::string> texts,
                                                           const sdk::EmbedOptions& options) {
  std::vector<sdk::Vector> vectors;
  vectors.reserve(texts.size());
  for (const auto& text : texts) {
    if (options.stop.stop_requested()) return sdk::Error(sdk::ErrorKind::cancelled, "embedding cancelled");
    vectors.push_back(embed_text(text, options_));
  }
  return vectors;
}

}  // namespace vellum::local_embedding
