// Ollama's batch embedding API (Ollama ≥ 0.3):
//   POST /api/embed {"model", "input": [..], "keep_alive", "truncate"} → {"embeddings": [[..], ..]}
// Errors come back as {"error": "..."}, which the shared classifier quotes.
#pragma once

#include <string>

#include "vellum/embedding_http/wire_protocol.hpp"

namespace vellum::ollama_embedding {

struct OllamaOptions {
  std::string base_url;    // normalised, no trailing '/'
  std::string model;
  std::string keep_alive;  // "5m", "-1", "300"; empty = the server's default
  bool truncate = false;   // let the server cut inputs over the model's context instead of failing
  std::size_t dimensions = 0;
};

class OllamaProtocol final : public embedding_http::WireProtocol {
 public:
  explicit OllamaProtocol(OllamaOptions options);

  [[nodiscard]] const std::string& endpoint() const override { return endpoint_; }
  [[nodiscard]] std::vector<std::string> headers() const override { return {}; }
  [[nodiscard]] std::string request_body(std::span<const std::string_view> inputs) const override;
  [[nodiscard]] sdk::Result<std::vector<sdk::Vector>> parse_reply(std::string_view body,
                                                                  std::size_t inputs) const override;

 private:
  OllamaOptions options_;
  std::string endpoint_;
};

}  // namespace vellum::ollama_embedding
