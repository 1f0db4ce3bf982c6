// Feature hashing of text into a fixed-size vector: word unigrams and bigrams plus character n-grams
// inside words, with sublinear term weights. Deterministic on every machine (no seeds, no floats
// from the environment), so the same text always yields the same vector.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace vellum::local_embedding {

struct FeatureOptions {
  std::size_t dimensions = 384;
  std::size_t char_ngram = 3;  // 0 disables character n-grams
  bool word_bigrams = true;
};

// The L2-normalised embedding of `text` (all zeros only for text without any word).
[[nodiscard]] std::vector<float> embed_text(std::string_view text, const FeatureOptions& options);

}  // namespace vellum::local_embedding
