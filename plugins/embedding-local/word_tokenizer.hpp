// Splits normalised text into words on Unicode boundaries: a word is a run of letters, digits and
// combining marks (by utf8proc category), so any script works, not only ASCII.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace vellum::local_embedding {

struct Word {
  std::string text;
  // Han and kana are written without spaces, so each of their characters is its own word; neighbouring
  // characters then meet again in word bigrams (the usual unigram + bigram treatment of CJK text).
  bool ideograph = false;
};

// Words of valid UTF-8 text in order. An apostrophe between letters joins them ("don't" -> "dont"),
// and a possessive "'s" is dropped ("queue's" -> "queue").
[[nodiscard]] std::vector<Word> split_words(std::string_view text);

}  // namespace vellum::local_embedding
