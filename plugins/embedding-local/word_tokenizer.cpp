#include "word_tokenizer.hpp"

#include <utf8proc.h>

namespace vellum::local_embedding {

namespace {

bool is_word_char(utf8proc_int32_t cp) {
  if (cp < 0) return false;
  switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
      return true;
    default:
      return false;
  }
}

bool is_ideograph(utf8proc_int32_t cp) {
  return (cp >= 0x3040 && cp <= 0x30FF) ||    // hiragana, katakana
         (cp >= 0x31F0 && cp <= 0x31FF) ||    // katakana phonetic extensions
         (cp >= 0x3400 && cp <= 0x4DBF) ||    // CJK extension A
         (cp >= 0x4E00 && cp <= 0x9FFF) ||    // CJK unified ideographs
         (cp >= 0xF900 && cp <= 0xFAFF) ||    // CJK compatibility ideographs
         (cp >= 0x20000 && cp <= 0x3134F);    // CJK extensions B-G
}

struct CodePoint {
  utf8proc_int32_t value = -1;  // -1 past the end
  std::size_t size = 0;
};

CodePoint decode_at(std::string_view text, std::size_t at) {
  if (at >= text.size()) return {};
  utf8proc_int32_t cp = -1;
  const auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + at),
                                  static_cast<utf8proc_ssize_t>(text.size() - at), &cp);
  if (n <= 0) return {-1, 1};  // not expected after normalisation; skip the byte as a separator
  return {cp, static_cast<std::size_t>(n)};
}

}  // namespace

std::vector<Word> split_words(std::string_view text) {
  std::vector<Word> words;
  std::string current;
  auto flush = [&] {
    if (!current.empty()) words.push_back({std::move(current), false});
    current.clear();
  };

  std::size_t i = 0;
  while (i < text.size()) {
    const CodePoint cp = decode_at(text, i);
    const std::string_view bytes = text.substr(i, cp.size);
    i += cp.size;
    if (cp.value >= 0 && is_ideograph(cp.value)) {
      flush();
      words.push_back({std::string(bytes), true});
    } else if (cp.value >= 0 && is_word_char(cp.value)) {
      current.append(bytes);
    } else if (cp.value == '\'' && !current.empty()) {
      const CodePoint next = decode_at(text, i);
      if (next.value < 0 || !is_word_char(next.value) || is_ideograph(next.value)) {
        flush();
      } else if (next.value == 's' && !is_word_char(decode_at(text, i + 1).value)) {
        i += 1;  // possessive: "queue's" is "queue"
        flush();
      }
      // Otherwise the apostrophe is dropped and the word goes on: "don't" is "dont".
    } else {
      flush();
    }
  }
  flush();
  return words;
}

}  // namespace vellum::local_embedding
