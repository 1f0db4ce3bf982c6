// The smallest embedding plugin: every text becomes the same unit vector. Replace embed() with a
// real model; describe() tells Vellum the model's id, its dimensions and its limits per call, and
// the settings table (kOptions) is what `vellum config check` validates in embedding.example.
#include <vellum/sdk/sdk.hpp>

namespace {

using namespace vellum::sdk;

constexpr ConfigOption kOptions[] = {
    option_integer("dimensions", "3", 1, 16, "Vector size"),
};

class ExampleProvider final : public EmbeddingProvider {
 public:
  explicit ExampleProvider(std::uint32_t dimensions) : dimensions_(dimensions) {}
  ProviderDescription describe() const override { return {"example", "example-1", dimensions_, {}, true, "example"}; }
  Result<std::vector<Vector>> embed(std::span<const std::string> texts, const EmbedOptions&) override {
    Vector unit(dimensions_, 0.0f);
    unit[0] = 1.0f;
    return std::vector<Vector>(texts.size(), unit);
  }
  Status health() override { return {}; }

 private:
  std::uint32_t dimensions_;
};

Result<ProviderPtr> make_example(const PluginConfig& config, HostContext&) {
  return ProviderPtr(std::make_shared<ExampleProvider>(static_cast<std::uint32_t>(config.get_integer("dimensions"))));
}

}  // namespace

VELLUM_PLUGIN(embedding, "example", "1.0.0", "A template: one unit vector for every text", kOptions, make_example)
