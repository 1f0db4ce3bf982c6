#include "vellum/embedding_http/header_list.hpp"

#include <cctype>

namespace vellum::embedding_http {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// RFC 9110 token characters: what a field name may contain.
bool is_token(std::string_view name) {
  if (name.empty()) return false;
  for (unsigned char c : name) {
    if (std::isalnum(c) != 0) continue;
    if (std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) == std::string_view::npos) return false;
  }
  return true;
}

}  // namespace

sdk::Result<std::vector<std::string>> parse_header_list(std::string_view text, std::string_view key) {
  std::vector<std::string> lines;
  std::size_t position = 0;
  std::size_t entry_number = 0;
  while (position <= text.size()) {
    const auto end = text.find_first_of(";\n", position);
    const std::string_view entry = trim(text.substr(position, end == std::string_view::npos ? std::string_view::npos
                                                                                            : end - position));
    position = end == std::string_view::npos ? text.size() + 1 : end + 1;
    if (entry.empty()) continue;
    ++entry_number;
    const auto colon = entry.find(':');
    const std::string_view name = colon == std::string_view::npos ? entry : trim(entry.substr(0, colon));
    if (colon == std::string_view::npos || !is_token(name)) {
      return sdk::Error(sdk::ErrorKind::invalid_argument,
                        std::string(key) + ": entry " + std::to_string(entry_number) +
                            " is not a \"Name: value\" pair (pairs are separated by newlines or ';')");
    }
    const std::string_view value = trim(entry.substr(colon + 1));
    if (value.find_first_of("\r\n") != std::string_view::npos) {
      return sdk::Error(sdk::ErrorKind::invalid_argument,
                        std::string(key) + ": the value of header " + std::string(name) + " contains a line break");
    }
    lines.push_back(std::string(name) + ": " + std::string(value));
  }
  return lines;
}

}  // namespace vellum::embedding_http
