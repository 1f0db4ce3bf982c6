#include "text_normalizer.hpp"

#include <utf8proc.h>

#include <cstdlib>
#include <memory>

namespace vellum::local_embedding {

namespace {

// utf8proc refuses a whole string for one bad byte; replacing bad bytes first keeps the rest.
std::string valid_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  std::size_t i = 0;
  while (i < text.size()) {
    utf8proc_int32_t cp = 0;
    const auto n = utf8proc_iterate(bytes + i, static_cast<utf8proc_ssize_t>(text.size() - i), &cp);
    if (n <= 0) {
      out.push_back(' ');
      ++i;
      continue;
    }
    out.append(text.substr(i, static_cast<std::size_t>(n)));
    i += static_cast<std::size_t>(n);
  }
  return out;
}

}  // namespace

std::string normalize_text(std::string_view text, bool strip_accents) {
  const std::string valid = valid_utf8(text);
  int options = UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD | UTF8PROC_IGNORE |
                UTF8PROC_LUMP;
  if (strip_accents) options |= UTF8PROC_STRIPMARK;
  utf8proc_uint8_t* mapped = nullptr;
  const auto length = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(valid.data()),
                                   static_cast<utf8proc_ssize_t>(valid.size()), &mapped,
                                   static_cast<utf8proc_option_t>(options));
  const std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owner(mapped, &std::free);
  // Valid input only fails on allocation; hashing the unnormalised text is the graceful fallback.
  if (length < 0) return valid;
  return std::string(reinterpret_cast<const char*>(mapped), static_cast<std::size_t>(length));
}

}  // namespace vellum::local_embedding
