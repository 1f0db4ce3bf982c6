#include "indexing/batch_planner.hpp"

#include <algorithm>

namespace vellum::indexing {

std::vector<PlannedCall> plan_calls(const std::vector<std::string>& texts, const sdk::EmbeddingLimits& limits,
                                    const std::function<std::size_t(std::string_view)>& estimate_tokens) {
  const std::size_t max_inputs = std::max<std::size_t>(limits.max_inputs_per_call, 1);
  const std::size_t max_tokens = std::max<std::size_t>(limits.max_tokens_per_call, 1);
  std::vector<PlannedCall> calls;
  PlannedCall current;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    const std::size_t tokens = estimate_tokens(texts[i]);
    const bool full = current.text_indexes.size() >= max_inputs || current.tokens + tokens > max_tokens;
    if (full && !current.text_indexes.empty()) {
      calls.push_back(std::move(current));
      current = {};
    }
    // A single text over the per-call budget still goes alone; the provider truncates or refuses it.
    current.text_indexes.push_back(i);
    current.tokens += tokens;
  }
  if (!current.text_indexes.empty()) calls.push_back(std::move(current));
  return calls;
}

}  // namespace vellum::indexing
