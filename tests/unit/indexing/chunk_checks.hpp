// Small checks shared by the chunker tests.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "indexing/chunker.hpp"

namespace vellum::indexing::test {

// Strict UTF-8 validation, written independently of the code under test.
inline bool is_valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = 0;
    unsigned min = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      n = 1, min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
      n = 2, min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
      n = 3, min = 0x10000;
    } else {
      return false;
    }
    if (i + n >= s.size()) return false;  // truncated sequence
    unsigned cp = c & (0x3F >> n);
    for (std::size_t k = 1; k <= n; ++k) {
      const auto b = static_cast<unsigned char>(s[i + k]);
      if ((b & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (b & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += n + 1;
  }
  return true;
}

inline std::vector<std::string> texts(const std::vector<ChunkDraft>& chunks) {
  std::vector<std::string> out;
  for (const auto& c : chunks) out.push_back(c.text);
  return out;
}

inline std::vector<std::vector<std::string>> paths(const std::vector<ChunkDraft>& chunks) {
  std::vector<std::vector<std::string>> out;
  for (const auto& c : chunks) out.push_back(c.heading_path);
  return out;
}

// Counts whitespace-separated words: makes window arithmetic in tests easy to follow.
inline std::size_t count_words(std::string_view text) {
  std::size_t words = 0;
  bool in_word = false;
  for (char c : text) {
    const bool space = c == ' ' || c == '\n' || c == '\t';
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words;
}

inline ChunkOptions word_options(std::size_t max_words, std::size_t overlap_words) {
  ChunkOptions options;
  options.max_tokens = max_words;
  options.overlap_tokens = overlap_words;
  options.estimate_tokens = count_words;
  return options;
}

}  // namespace vellum::indexing::test
