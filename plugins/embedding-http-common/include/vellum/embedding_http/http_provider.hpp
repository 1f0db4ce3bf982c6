// An EmbeddingProvider over HTTP: splits a call into requests within the provider's limits, waits
// for the rate limiter and a concurrency slot, sends each request through the instance's transport,
// classifies failures and validates every vector. It answers one vector per input, in order, or an
// error — never part of an answer.
#pragma once

#include <memory>

#include "vellum/embedding_http/client_settings.hpp"
#include "vellum/embedding_http/concurrency_limit.hpp"
#include "vellum/embedding_http/rate_limiter.hpp"
#include "vellum/embedding_http/transport.hpp"
#include "vellum/embedding_http/wire_protocol.hpp"
#include "vellum/sdk/abi.hpp"
#include "vellum/sdk/embedding.hpp"

namespace vellum::embedding_http {

class HttpProvider final : public sdk::EmbeddingProvider {
 public:
  // `description.limits` and `dimensions` are filled from `settings`.
  [[nodiscard]] static sdk::Result<sdk::ProviderPtr> create(ClientSettings settings,
                                                            std::unique_ptr<WireProtocol> protocol,
                                                            sdk::ProviderDescription description);

  HttpProvider(ClientSettings settings, std::unique_ptr<WireProtocol> protocol, sdk::ProviderDescription description,
               std::unique_ptr<Transport> transport);

  [[nodiscard]] sdk::ProviderDescription describe() const override { return description_; }
  [[nodiscard]] sdk::Result<std::vector<sdk::Vector>> embed(std::span<const std::string> texts,
                                                            const sdk::EmbedOptions& options) override;
  // Embeds one short text within timeout_ms and checks its size. A provider that cannot be reached
  // answers `unavailable`; other failures keep their kind (unauthenticated, bad_dimension…).
  [[nodiscard]] sdk::Status health() override;
  [[nodiscard]] std::size_t estimate_tokens(std::string_view text) const override {
    return embedding_http::estimate_tokens(text);
  }

 private:
  [[nodiscard]] sdk::Result<std::vector<sdk::Vector>> embed_all(std::span<const std::string> texts,
                                                                const sdk::EmbedOptions& options);
  [[nodiscard]] sdk::Result<std::vector<sdk::Vector>> embed_batch(std::span<const std::string_view> inputs,
                                                                  std::size_t tokens,
                                                                  const sdk::EmbedOptions& options);
  [[nodiscard]] sdk::Result<HttpReply> send(std::string body, const sdk::EmbedOptions& options);

  ClientSettings settings_;
  std::unique_ptr<WireProtocol> protocol_;
  sdk::ProviderDescription description_;
  std::unique_ptr<Transport> transport_;
  RateLimiter rate_limiter_;
  ConcurrencyLimit concurrency_;
  bool bypass_proxy_ = false;
};

}  // namespace vellum::embedding_http
