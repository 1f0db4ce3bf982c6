#include "common/redact.hpp"

#include <algorithm>
#include <array>
#include <regex>

namespace vellum {

namespace {

constexpr std::string_view kKeyPrefix = "sk-md-";
constexpr std::size_t kKeptChars = 4;
constexpr std::string_view kEllipsis = "\xE2\x80\xA6";  // "…"
constexpr std::string_view kMasked = "***";

constexpr std::array<std::string_view, 7> kSecretParams = {"token",        "key",    "api_key", "apikey",
                                                           "access_token", "secret", "password"};
constexpr std::array<std::string_view, 4> kSecretHeaders = {"authorization", "proxy-authorization", "cookie",
                                                            "set-cookie"};

char lower(char c) noexcept { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// ASCII only, as http::iequals; common/ cannot depend on http/.
bool iequal(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

bool starts_with_prefix(std::string_view text, std::size_t at) noexcept {
  return text.size() - at >= kKeyPrefix.size() && iequal(text.substr(at, kKeyPrefix.size()), kKeyPrefix);
}

// Wider than the hex a real key has, so a mistyped or foreign key is masked too.
bool key_char(char c) noexcept {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

template <std::size_t N>
bool listed(const std::array<std::string_view, N>& names, std::string_view name) noexcept {
  return std::any_of(names.begin(), names.end(), [name](std::string_view entry) { return iequal(entry, name); });
}

// One "name=value" pair of a query, value masked when the name is a credential's.
void append_param(std::string& out, std::string_view pair) {
  const auto equals = pair.find('=');
  const auto name = pair.substr(0, equals);
  if (equals == std::string_view::npos || !listed(kSecretParams, name)) {
    out += redact_secrets(pair);
    return;
  }
  out.append(name).append("=").append(kMasked);
}

}  // namespace

std::string redact_secrets(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t at = 0;
  while (at < text.size()) {
    if (!starts_with_prefix(text, at)) {
      out += text[at++];
      continue;
    }
    out.append(text.substr(at, kKeyPrefix.size()));
    at += kKeyPrefix.size();
    std::size_t end = at;
    while (end < text.size() && key_char(text[end])) ++end;
    const std::size_t kept = std::min(kKeptChars, end - at);
    out.append(text.substr(at, kept));
    if (end - at > kept) out.append(kEllipsis);
    at = end;
  }
  return out;
}

std::string mask_credentials(std::string_view text) {
  // std::regex is slow, but this runs only on error paths, never per request.
  static const std::array<std::pair<std::regex, const char*>, 4> kShapes = {{
      {std::regex(R"(\b(sk-)[A-Za-z0-9_-]{8,})"), "$1***"},
      {std::regex(R"(\b(bearer\s+)[^\s"',;]+)", std::regex::icase), "$1***"},
      {std::regex(R"((://)[^/\s:@]+:[^/\s@]+@)"), "$1***@"},
      {std::regex(R"(([?&;\s](?:api[-_]?key|key|token|access[-_]token|secret|password)=)[^&\s"']+)",
                  std::regex::icase),
       "$1***"},
  }};
  std::string out = redact_secrets(text);
  for (const auto& [shape, replacement] : kShapes) out = std::regex_replace(out, shape, replacement);
  return out;
}

std::string redact_target(std::string_view target) {
  const auto question = target.find('?');
  std::string out = redact_secrets(target.substr(0, question));
  if (question == std::string_view::npos) return out;
  out += '?';
  std::string_view query = target.substr(question + 1);
  while (true) {
    const auto amp = query.find('&');
    append_param(out, query.substr(0, amp));
    if (amp == std::string_view::npos) break;
    out += '&';
    query.remove_prefix(amp + 1);
  }
  return out;
}

std::string redact_header(std::string_view name, std::string_view value) {
  if (listed(kSecretHeaders, name)) return "[redacted]";
  return redact_secrets(value);
}

}  // namespace vellum
