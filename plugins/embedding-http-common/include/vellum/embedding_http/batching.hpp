// Splits one embed() call into requests a provider accepts: at most max_inputs_per_call texts and
// max_tokens_per_call (estimated) tokens each, in order. A text over max_tokens_per_input is cut
// when `truncate` is on, else the whole call is refused naming the input: embedding a silently
// shortened chunk would make search miss its end.
#pragma once

#include <cstddef>
#include <deque>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "vellum/sdk/result.hpp"

namespace vellum::embedding_http {

// Token estimates without a tokenizer: about four bytes of UTF-8 per token (OpenAI's rule of thumb,
// also pgai's), rounded up so an estimate never undercounts a short text.
inline constexpr std::size_t kBytesPerToken = 4;
[[nodiscard]] constexpr std::size_t estimate_tokens(std::string_view text) noexcept {
  return (text.size() + kBytesPerToken - 1) / kBytesPerToken;
}

struct BatchLimits {
  std::size_t max_inputs_per_call = 64;
  std::size_t max_tokens_per_input = 8192;
  std::size_t max_tokens_per_call = 300000;
  bool truncate = false;
};

struct Batch {
  std::size_t first = 0;   // index of the first input
  std::size_t count = 0;
  std::size_t tokens = 0;  // estimated
};

struct BatchPlan {
  std::vector<std::string_view> inputs;  // the caller's texts, or cut copies held in `cut`
  std::deque<std::string> cut;           // a deque: views into it stay valid as it grows
  std::vector<Batch> batches;
};

// `section` names the settings in messages ("embedding.ollama"). The plan's views point into `texts`,
// which must outlive it.
[[nodiscard]] sdk::Result<BatchPlan> plan_batches(std::span<const std::string> texts, const BatchLimits& limits,
                                                  std::string_view section);

// The longest prefix of `text` within `max_tokens` (by the estimate) that ends on a UTF-8 boundary.
[[nodiscard]] std::string_view truncate_to_tokens(std::string_view text, std::size_t max_tokens);

}  // namespace vellum::embedding_http
