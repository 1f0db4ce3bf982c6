#include "api/plain_snippet.hpp"

namespace vellum::api {

namespace {

// UTF-16 code units of the code point a UTF-8 byte starts: 0 for a continuation byte, 2 for one
// beyond the Basic Multilingual Plane (a surrogate pair), else 1.
std::size_t utf16_units(unsigned char byte) {
  if ((byte & 0xC0) == 0x80) return 0;
  return byte >= 0xF0 ? 2 : 1;
}

}  // namespace

PlainSnippet plain_snippet(std::string_view marked) {
  PlainSnippet out;
  out.text.reserve(marked.size());
  std::size_t units = 0;
  bool open = false;
  std::size_t opened_at = 0;
  for (std::size_t i = 0; i < marked.size(); ++i) {
    if (marked.compare(i, 2, "**") == 0) {
      if (open && units > opened_at) out.highlights.push_back({opened_at, units - opened_at});
      open = !open;
      opened_at = units;
      ++i;
      continue;
    }
    out.text += marked[i];
    units += utf16_units(static_cast<unsigned char>(marked[i]));
  }
  return out;
}

}  // namespace vellum::api
