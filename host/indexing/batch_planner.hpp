// Splits the texts of a batch of articles into provider calls that respect the provider's limits
// (inputs per call, tokens per call), so a batch of tasks costs as few calls as the provider allows.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "vellum/sdk/embedding.hpp"

namespace vellum::indexing {

// One provider call: indexes into the caller's list of texts.
struct PlannedCall {
  std::vector<std::size_t> text_indexes;
  std::size_t tokens = 0;
};

[[nodiscard]] std::vector<PlannedCall> plan_calls(const std::vector<std::string>& texts,
                                                  const sdk::EmbeddingLimits& limits,
                                                  const std::function<std::size_t(std::string_view)>& estimate_tokens);

}  // namespace vellum::indexing
