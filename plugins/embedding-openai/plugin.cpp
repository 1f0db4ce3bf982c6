// Registers the OpenAI provider with the host: its settings table and its factory.
#include <memory>

#include "openai_protocol.hpp"
#include "openai_url.hpp"
#include "vellum/embedding_http/client_settings.hpp"
#include "vellum/embedding_http/http_provider.hpp"
#include "vellum/sdk/abi.hpp"

namespace vellum::openai_embedding {
namespace {

// Per-request limits from OpenAI's API reference: 2,048 inputs, 8,192 tokens per input, 300,000
// tokens per request.
constexpr sdk::ConfigOption kOptions[] = {
    sdk::option_string("base_url", "https://api.openai.com",
                       "API server, or its /v1 root (OPENAI_BASE_URL); any OpenAI-compatible server works"),
    sdk::option_secret("api_key", "Sent as Authorization: Bearer; required for api.openai.com (OPENAI_API_KEY)"),
    sdk::option_string("organization", "", "Sent as OpenAI-Organization when set"),
    sdk::option_string("model", "text-embedding-3-small", "Embedding model id"),
    sdk::option_integer("dimensions", "1536", 1, 65536,
                        "Vector size expected back; any other size is refused (bad_dimension)"),
    sdk::option_boolean("send_dimensions", "false",
                        "Send `dimensions` in the request (text-embedding-3-* shorten their vectors to it)"),
    sdk::option_integer("connect_timeout_ms", "10000", 1, 600000, "Time allowed to open a connection"),
    sdk::option_integer("timeout_ms", "60000", 1, 3600000, "Time allowed for one request, connecting included"),
    sdk::option_integer("max_inputs_per_call", "2048", 1, 100000, "Texts per request; larger calls are split"),
    sdk::option_integer("max_tokens_per_input", "8192", 1, 10000000, "Estimated tokens (4 bytes each) one text may have"),
    sdk::option_integer("max_tokens_per_call", "300000", 1, 100000000,
                        "Estimated tokens per request; larger calls are split"),
    sdk::option_integer("concurrency", "4", 1, 256, "Requests in flight at once"),
    sdk::option_integer("requests_per_minute", "0", 0, 1e9,
                        "Requests sent per minute at most (0 = unlimited; set it to your tier's RPM)"),
    sdk::option_integer("tokens_per_minute", "0", 0, 1e12,
                        "Estimated tokens sent per minute at most (0 = unlimited; your tier's TPM)"),
    sdk::option_secret("headers", "Extra request headers, \"Name: value\" pairs separated by newlines or ';'"),
    sdk::option_boolean("truncate", "false", "Cut texts over max_tokens_per_input instead of failing the call"),
};

sdk::Result<sdk::ProviderPtr> make_openai_provider(const sdk::PluginConfig& config, sdk::HostContext&) {
  const std::string& section = config.section();
  auto settings = embedding_http::read_client_settings(config);
  if (!settings) return std::move(settings).error();
  auto endpoint = embeddings_endpoint(config.get_string("base_url"), section + ".base_url");
  if (!endpoint) return std::move(endpoint).error();

  OpenAiOptions options;
  options.endpoint = endpoint->url;
  options.api_key = config.get_string("api_key");
  options.organization = config.get_string("organization");
  options.model = config.get_string("model");
  options.dimensions = settings->dimensions;
  options.send_dimensions = config.get_boolean("send_dimensions");
  if (options.api_key.empty() && is_openai_host(endpoint->host)) {
    return sdk::Error(sdk::ErrorKind::invalid_argument, section + ".api_key is required for api.openai.com");
  }
  if (options.model.empty()) {
    return sdk::Error(sdk::ErrorKind::invalid_argument, section + ".model must name an embedding model");
  }

  sdk::ProviderDescription description;
  description.provider = "openai";
  description.model = options.model;
  description.summary = "semantic: " + options.model + " via " + endpoint->url + " (" +
                        std::to_string(settings->dimensions) + " dimensions)";
  return embedding_http::HttpProvider::create(std::move(settings).value(),
                                              std::make_unique<OpenAiProtocol>(std::move(options)),
                                              std::move(description));
}

}  // namespace
}  // namespace vellum::openai_embedding

VELLUM_PLUGIN(embedding, "openai", "1.0.0",
              "Embeddings from OpenAI or an OpenAI-compatible server (POST /v1/embeddings, batched)",
              vellum::openai_embedding::kOptions, vellum::openai_embedding::make_openai_provider)
