// Registers the Ollama provider with the host: its settings table and its factory.
#include <memory>

#include "ollama_protocol.hpp"
#include "ollama_url.hpp"
#include "vellum/embedding_http/client_settings.hpp"
#include "vellum/embedding_http/http_provider.hpp"
#include "vellum/sdk/abi.hpp"

namespace vellum::ollama_embedding {
namespace {

constexpr sdk::ConfigOption kOptions[] = {
    sdk::option_string("base_url", "http://localhost:11434",
                       "Ollama server: http(s)://host:port, or host[:port] like OLLAMA_HOST (port 11434)"),
    sdk::option_string("model", "nomic-embed-text", "Embedding model, as `ollama pull` names it"),
    sdk::option_integer("dimensions", "768", 1, 65536,
                        "Vector size the model returns; any other size is refused (bad_dimension)"),
    sdk::option_string("keep_alive", "5m", "How long Ollama keeps the model loaded after a call (\"5m\", \"-1\")"),
    sdk::option_integer("connect_timeout_ms", "5000", 1, 600000, "Time allowed to open a connection"),
    sdk::option_integer("timeout_ms", "120000", 1, 3600000,
                        "Time allowed for one request, connecting included (the first loads the model)"),
    sdk::option_integer("max_inputs_per_call", "64", 1, 100000, "Texts per request; larger calls are split"),
    sdk::option_integer("max_tokens_per_input", "2048", 1, 10000000,
                        "Estimated tokens (4 bytes each) one text may have: the model's num_ctx"),
    sdk::option_integer("max_tokens_per_call", "65536", 1, 100000000,
                        "Estimated tokens per request; larger calls are split"),
    sdk::option_integer("concurrency", "2", 1, 256, "Requests in flight at once (match OLLAMA_NUM_PARALLEL)"),
    sdk::option_integer("requests_per_minute", "0", 0, 1e9, "Requests sent per minute at most (0 = unlimited)"),
    sdk::option_integer("tokens_per_minute", "0", 0, 1e12, "Estimated tokens sent per minute at most (0 = unlimited)"),
    sdk::option_secret("headers", "Extra request headers, \"Name: value\" pairs separated by newlines or ';'"),
    sdk::option_boolean("truncate", "false",
                        "Cut texts over max_tokens_per_input (and let Ollama cut to the context) instead of failing"),
};

sdk::Result<sdk::ProviderPtr> make_ollama_provider(const sdk::PluginConfig& config, sdk::HostContext&) {
  auto settings = embedding_http::read_client_settings(config);
  if (!settings) return std::move(settings).error();
  auto base_url = normalize_base_url(config.get_string("base_url"), config.section() + ".base_url");
  if (!base_url) return std::move(base_url).error();

  OllamaOptions options;
  options.base_url = std::move(base_url).value();
  options.model = config.get_string("model");
  options.keep_alive = config.get_string("keep_alive");
  options.truncate = settings->limits.truncate;
  options.dimensions = settings->dimensions;
  if (options.model.empty()) {
    return sdk::Error(sdk::ErrorKind::invalid_argument, config.section() + ".model must name an embedding model");
  }

  sdk::ProviderDescription description;
  description.provider = "ollama";
  description.model = options.model;
  description.summary = "semantic: Ollama " + options.model + " at " + options.base_url + " (" +
                        std::to_string(settings->dimensions) + " dimensions)";
  return embedding_http::HttpProvider::create(std::move(settings).value(),
                                              std::make_unique<OllamaProtocol>(std::move(options)),
                                              std::move(description));
}

}  // namespace
}  // namespace vellum::ollama_embedding

VELLUM_PLUGIN(embedding, "ollama", "1.0.0", "Embeddings from an Ollama server (POST /api/embed, batched)",
              vellum::ollama_embedding::kOptions, vellum::ollama_embedding::make_ollama_provider)
