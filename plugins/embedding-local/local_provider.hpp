// The built-in embedding provider: no network, no model files, deterministic. Its vectors measure
// word and character overlap (lexical similarity), which `describe()` says plainly.
#pragma once

#include "hashed_features.hpp"
#include "vellum/sdk/embedding.hpp"

namespace vellum::local_embedding {

class LocalProvider final : public sdk::EmbeddingProvider {
 public:
  LocalProvider(std::string model, FeatureOptions options, std::size_t max_inputs)
      : model_(std::move(model)), options_(options), max_inputs_(max_inputs) {}

  [[nodiscard]] sdk::ProviderDescription describe() const override;
  [[nodiscard]] sdk::Result<std::vector<sdk::Vector>> embed(std::span<const std::string> texts,
                                                            const sdk::EmbedOptions& options) override;
  [[nodiscard]] sdk::Status health() override { return {}; }

 private:
  std::string model_;
  FeatureOptions options_;
  std::size_t max_inputs_;
};

}  // namespace vellum::local_embedding
