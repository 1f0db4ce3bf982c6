// Feature hashing of text into a fixed-size vector. The text is normalised (NFKC, case folding,
// optionally accents), split into Unicode words and stemmed; then word unigrams, bigrams of
// neighbouring content words and character n-grams inside words are hashed with signs into the
// vector, with sublinear term weights and function words down-weighted. Deterministic on every
// machine (no seeds, no state), so the same text always yields the same vector.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace vellum::local_embedding {

struct FeatureOptions {
  std::size_t dimensions = 384;
  std::size_t char_ngram = 3;       // shortest character n-gram inside a word; 0 disables them
  std::size_t char_ngram_max = 5;   // longest (raised to char_ngram when smaller)
  bool word_bigrams = true;
  bool stem = true;                 // Porter2 on English words
  bool strip_accents = true;
  // Weights relative to a content word (1.0). A word's character n-grams share `char_ngram_weight`
  // between them, so long words do not drown short ones in n-grams.
  double bigram_weight = 0.6;
  double char_ngram_weight = 0.5;
  double stop_word_weight = 0.1;
};

// The L2-normalised embedding of `text` (all zeros only for text without any word).
[[nodiscard]] std::vector<float> embed_text(std::string_view text, const FeatureOptions& options);

}  // namespace vellum::local_embedding
