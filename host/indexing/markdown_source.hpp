// The part of an article the chunker reads: the body after any frontmatter, with LF line endings and
// valid UTF-8, plus the way back from a byte of that body to the byte of the original it came from
// (chunks report their range in the content as stored).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace vellum::indexing {

class MarkdownSource {
 public:
  explicit MarkdownSource(std::string_view original);

  // Frontmatter and a leading byte-order mark removed; CRLF and lone CR become LF; each NUL and each
  // byte that is not part of valid UTF-8 becomes U+FFFD.
  [[nodiscard]] const std::string& body() const { return body_; }

  // The original range that body()[begin, end) came from.
  [[nodiscard]] std::size_t original_begin(std::size_t begin) const;
  [[nodiscard]] std::size_t original_end(std::size_t begin, std::size_t end) const;

 private:
  void copy(std::string_view bytes, std::size_t original_offset);        // byte for byte
  void substitute(std::string_view bytes, std::size_t original_offset);  // all stand for one original byte

  std::string body_;
  std::vector<std::size_t> origin_;  // origin_[i]: offset in the original of body_[i]; one extra at the end
};

}  // namespace vellum::indexing
