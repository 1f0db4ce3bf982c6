// The smallest useful embedding plugin: every text becomes the same unit vector.
#include <vellum/sdk/sdk.hpp>

namespace {

using namespace vellum::sdk;

constexpr ConfigOption kOptions[] = {
    option_integer("dimensions", "3", 1, 16, "Vector size"),
};

class GreetingProvider final : public EmbeddingProvider {
 public:
  explicit GreetingProvider(std::uint32_t dimensions) : dimensions_(dimensions) {}
  ProviderDescription describe() const override { return {"greeting", "hello-1", dimensions_, {}, true, "hello"}; }
  Result<std::vector<Vector>> embed(std::span<const std::string> texts, const EmbedOptions&) override {
    Vector unit(dimensions_, 0.0f);
    unit[0] = 1.0f;
    return std::vector<Vector>(texts.size(), unit);
  }
  Status health() override { return {}; }

 private:
  std::uint32_t dimensions_;
};

Result<ProviderPtr> make_greeting(const PluginConfig& config, HostContext&) {
  return ProviderPtr(std::make_shared<GreetingProvider>(static_cast<std::uint32_t>(config.get_integer("dimensions"))));
}

}  // namespace

VELLUM_PLUGIN(embedding, "greeting", "1.0.0", "Says hello in vectors", kOptions, make_greeting)
