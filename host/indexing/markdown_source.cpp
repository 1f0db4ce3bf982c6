#include "indexing/markdown_source.hpp"

#include <utf8proc.h>

#include "articles/frontmatter.hpp"

namespace vellum::indexing {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Length of the valid UTF-8 sequence at text[at] (overlongs and surrogates refused), or 0.
std::size_t utf8_sequence_length(std::string_view text, std::size_t at) {
  utf8proc_int32_t code_point = 0;
  const auto length = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + at),
                                       static_cast<utf8proc_ssize_t>(text.size() - at), &code_point);
  return length > 0 ? static_cast<std::size_t>(length) : 0;
}

// Where the chunker starts reading: after the frontmatter when there is one (the articles module
// decides what counts, so chunking and metadata agree), and after a byte-order mark.
std::size_t body_start(std::string_view original) {
  std::size_t start = 0;
  if (auto frontmatter = articles::parse_frontmatter(original); frontmatter && frontmatter.value().present) {
    start = static_cast<std::size_t>(frontmatter.value().body.data() - original.data());
  }
  // Malformed frontmatter is rejected when the article is written; should it get here, nothing is
  // dropped: the whole text is chunked.
  if (original.substr(start, 3) == "\xEF\xBB\xBF") start += 3;
  return start;
}

}  // namespace

MarkdownSource::MarkdownSource(std::string_view original) {
  body_.reserve(original.size());
  origin_.reserve(original.size() + 1);
  std::size_t i = body_start(original);
  while (i < original.size()) {
    const char c = original[i];
    if (c == '\r') {
      // CRLF keeps the LF's offset, so a range ending after the line still covers both bytes.
      const bool crlf = i + 1 < original.size() && original[i + 1] == '\n';
      substitute("\n", crlf ? i + 1 : i);
      i += crlf ? 2 : 1;
      continue;
    }
    const std::size_t length = utf8_sequence_length(original, i);
    if (length == 0 || c == '\0') {  // CommonMark replaces NUL too
      substitute(kReplacement, i);
      i += 1;
    } else {
      copy(original.substr(i, length), i);
      i += length;
    }
  }
  origin_.push_back(original.size());
}

void MarkdownSource::copy(std::string_view bytes, std::size_t original_offset) {
  body_.append(bytes);
  for (std::size_t k = 0; k < bytes.size(); ++k) origin_.push_back(original_offset + k);
}

void MarkdownSource::substitute(std::string_view bytes, std::size_t original_offset) {
  body_.append(bytes);
  origin_.insert(origin_.end(), bytes.size(), original_offset);
}

std::size_t MarkdownSource::original_begin(std::size_t begin) const { return origin_[begin]; }

std::size_t MarkdownSource::original_end(std::size_t begin, std::size_t end) const {
  if (end <= begin) return origin_[begin];
  // The last byte included maps to one original byte (CR LF's LF, a lone CR, a byte replaced by
  // U+FFFD, or a byte copied as it was), so the original range ends one byte after it.
  return origin_[end - 1] + 1;
}

}  // namespace vellum::indexing
