#include "articles/slug.hpp"

#include <algorithm>
#include <array>

#include "articles/validation.hpp"

namespace vellum::articles {

namespace {

sdk::Error invalid(std::string message) { return sdk::Error(sdk::ErrorKind::invalid_argument, std::move(message)); }

constexpr std::array<std::string_view, 15> kReserved = {"api",    "admin", "public", "static", "assets",
                                                        "health", "status", "login", "logout", "auth",
                                                        "mcp",    "search", "new",   "edit",   "delete"};

// The UTF-8 encodings of the non-ASCII code points JavaScript's \s matches (the old slugifier used it).
constexpr std::array<std::string_view, 18> kUnicodeSpaces = {
    "\xC2\xA0",     "\xE1\x9A\x80", "\xE2\x80\x80", "\xE2\x80\x81", "\xE2\x80\x82", "\xE2\x80\x83",
    "\xE2\x80\x84", "\xE2\x80\x85", "\xE2\x80\x86", "\xE2\x80\x87", "\xE2\x80\x88", "\xE2\x80\x89",
    "\xE2\x80\x8A", "\xE2\x80\xA8", "\xE2\x80\xA9", "\xE2\x80\xAF", "\xE2\x81\x9F", "\xE3\x80\x80"};

std::size_t unicode_space_at(std::string_view text, std::size_t i) {
  for (auto space : kUnicodeSpaces) {
    if (text.substr(i, space.size()) == space) return space.size();
  }
  if (text.substr(i, 3) == "\xEF\xBB\xBF") return 3;  // U+FEFF
  return 0;
}

}  // namespace

std::string slugify(std::string_view title) {
  std::string slug;
  auto add_hyphen = [&slug] {
    if (!slug.empty() && slug.back() != '-') slug += '-';
  };
  for (std::size_t i = 0; i < title.size();) {
    const char c = title[i];
    if (c >= 'A' && c <= 'Z') {
      slug += static_cast<char>(c - 'A' + 'a');
    } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      slug += c;
    } else if (c == '-' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      add_hyphen();
    } else if (auto n = unicode_space_at(title, i); n > 0) {
      add_hyphen();
      i += n;
      continue;
    }
    ++i;
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  if (!slug.empty() && slug.front() == '-') slug.erase(0, 1);
  return slug;
}

bool is_reserved_slug(std::string_view slug) noexcept {
  return std::find(kReserved.begin(), kReserved.end(), slug) != kReserved.end();
}

sdk::Status validate_slug(std::string_view slug) {
  if (slug.empty()) return invalid("Article URL identifier cannot be empty.");
  if (slug.size() > kMaxSlugLength) return invalid("Article URL identifier is too long. Please use a shorter title.");
  for (char c : slug) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
      return invalid("Article URL identifier can only contain lowercase letters, numbers, and hyphens.");
  }
  if (slug.front() == '-' || slug.back() == '-')
    return invalid("Article URL identifier cannot start or end with hyphens.");
  if (slug.find("--") != std::string_view::npos)
    return invalid("Article URL identifier cannot contain consecutive hyphens.");
  if (is_reserved_slug(slug))
    return invalid("The title '" + std::string(slug) + "' is reserved and cannot be used. Please choose a different title.");
  return sdk::ok_status();
}

std::string_view slug_from_filename(std::string_view filename) noexcept {
  if (filename.size() >= 3 && filename.substr(filename.size() - 3) == ".md") filename.remove_suffix(3);
  return filename;
}

std::string filename_for(std::string_view slug) { return std::string(slug) + ".md"; }

}  // namespace vellum::articles
