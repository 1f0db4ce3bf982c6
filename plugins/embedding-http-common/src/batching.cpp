#include "vellum/embedding_http/batching.hpp"

namespace vellum::embedding_http {

std::string_view truncate_to_tokens(std::string_view text, std::size_t max_tokens) {
  const std::size_t max_bytes = max_tokens * kBytesPerToken;
  if (text.size() <= max_bytes) return text;
  std::size_t end = max_bytes;
  // Step back over UTF-8 continuation bytes (10xxxxxx) so no character is cut in half.
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end);
}

sdk::Result<BatchPlan> plan_batches(std::span<const std::string> texts, const BatchLimits& limits,
                                    std::string_view section) {
  BatchPlan plan;
  plan.inputs.reserve(texts.size());
  Batch current;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    std::string_view input = texts[i];
    std::size_t tokens = estimate_tokens(input);
    if (tokens > limits.max_tokens_per_input) {
      if (!limits.truncate) {
        return sdk::Error(sdk::ErrorKind::permanent,
                          "input " + std::to_string(i) + " is about " + std::to_string(tokens) +
                              " tokens, over the limit of " + std::to_string(limits.max_tokens_per_input) + " (" +
                              std::string(section) + ".max_tokens_per_input); shorten it or set " +
                              std::string(section) + ".truncate: true");
      }
      plan.cut.emplace_back(truncate_to_tokens(input, limits.max_tokens_per_input));
      input = plan.cut.back();
      tokens = estimate_tokens(input);
    }
    const bool full = current.count == limits.max_inputs_per_call ||
                      (current.count > 0 && current.tokens + tokens > limits.max_tokens_per_call);
    if (full) {
      plan.batches.push_back(current);
      current = Batch{i, 0, 0};
    }
    ++current.count;
    current.tokens += tokens;
    plan.inputs.push_back(input);
  }
  if (current.count > 0) plan.batches.push_back(current);
  return plan;
}

}  // namespace vellum::embedding_http
