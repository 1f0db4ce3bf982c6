// OpenAI's embeddings API, also spoken by vLLM, LM Studio, llama.cpp's server, LocalAI and others:
//   POST /v1/embeddings {"model", "input": [..], "encoding_format": "float"[, "dimensions"]}
//   → {"data": [{"index": i, "embedding": [..]}, ..]}
// Vectors are placed by their index, not by their position in `data`.
#pragma once

#include <string>

#include "vellum/embedding_http/wire_protocol.hpp"

namespace vellum::openai_embedding {

struct OpenAiOptions {
  std::string endpoint;      // full URL of /v1/embeddings
  std::string api_key;       // empty: no Authorization header (local compatible servers)
  std::string organization;  // empty: no OpenAI-Organization header
  std::string model;
  std::size_t dimensions = 0;
  bool send_dimensions = false;  // text-embedding-3-* can shorten vectors; older models reject the field
};

class OpenAiProtocol final : public embedding_http::WireProtocol {
 public:
  explicit OpenAiProtocol(OpenAiOptions options) : options_(std::move(options)) {}

  [[nodiscard]] const std::string& endpoint() const override { return options_.endpoint; }
  [[nodiscard]] std::vector<std::string> headers() const override;
  [[nodiscard]] std::string request_body(std::span<const std::string_view> inputs) const override;
  [[nodiscard]] sdk::Result<std::vector<sdk::Vector>> parse_reply(std::string_view body,
                                                                  std::size_t inputs) const override;

 private:
  OpenAiOptions options_;
};

}  // namespace vellum::openai_embedding
