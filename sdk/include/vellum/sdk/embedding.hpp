// The embedding-provider slot: turns texts into vectors, or says precisely why it could not.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include "vellum/sdk/result.hpp"
#include "vellum/sdk/types.hpp"

namespace vellum::sdk {

struct EmbeddingLimits {
  std::size_t max_inputs_per_call = 64;
  std::size_t max_tokens_per_input = 8192;
  std::size_t max_tokens_per_call = 300000;
};

struct ProviderDescription {
  std::string provider;        // "local", "ollama", "openai"
  std::string model;           // model id; with provider and dimensions it names the embedding set
  std::uint32_t dimensions = 0;
  EmbeddingLimits limits;
  bool lexical = false;        // true when vectors reflect word overlap rather than meaning
  std::string summary;         // one line for `vellum plugins list` and /health
};

enum class EmbedPurpose { document, query };

struct EmbedOptions {
  EmbedPurpose purpose = EmbedPurpose::document;
  std::optional<std::chrono::steady_clock::time_point> deadline;  // give up (transient) past this
  std::stop_token stop;  // requested stop: return ErrorKind::cancelled as soon as possible
};

class EmbeddingProvider {
 public:
  virtual ~EmbeddingProvider() = default;

  [[nodiscard]] virtual ProviderDescription describe() const = 0;
  // One vector per text, in order, each of describe().dimensions floats. The caller keeps each call
  // within describe().limits; the provider may split further but never returns a partial answer.
  [[nodiscard]] virtual Result<std::vector<Vector>> embed(std::span<const std::string> texts,
                                                          const EmbedOptions& options) = 0;
  // Cheap liveness check used before a hot swap and by /health.
  [[nodiscard]] virtual Status health() = 0;
  // Token estimate used for batching; providers with a tokenizer override it.
  [[nodiscard]] virtual std::size_t estimate_tokens(std::string_view text) const { return (text.size() + 3) / 4; }
};

}  // namespace vellum::sdk
