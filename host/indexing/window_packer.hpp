// Packs a run of top-level blocks into windows of at most `max_tokens`, each overlapping the one
// before by up to `overlap_tokens`, cutting as little structure as possible (see chunker.hpp).
#pragma once

#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

#include "indexing/chunker.hpp"
#include "indexing/markdown_sections.hpp"

namespace vellum::indexing {

struct Window {
  std::size_t begin = 0;  // body offsets; leading blank lines and trailing whitespace trimmed
  std::size_t end = 0;
};

struct PackingLimits {
  std::size_t max_tokens = 500;
  std::size_t overlap_tokens = 50;  // already clamped below max_tokens by the caller
  const TokenEstimator& estimate;
};

// Non-empty windows over blocks (contiguous, in order), in order.
[[nodiscard]] std::vector<Window> pack_windows(std::string_view body, std::span<const Block> blocks,
                                               const PackingLimits& limits);

// body[begin, end) without leading blank lines (indentation of the first line kept) or trailing
// whitespace.
[[nodiscard]] Window trim_window(std::string_view body, std::size_t begin, std::size_t end);

}  // namespace vellum::indexing
