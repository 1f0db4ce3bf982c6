#include "http/headers.hpp"

#include <algorithm>

namespace vellum::http {

namespace {
// ASCII only on purpose: field names are tokens, and locale-aware folding would be wrong and slow.
char lower(char c) noexcept { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
}  // namespace

bool iequals(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

std::optional<std::string_view> Headers::get(std::string_view name) const noexcept {
  for (const auto& [key, value] : fields_) {
    if (iequals(key, name)) return std::string_view(value);
  }
  return std::nullopt;
}

std::string_view Headers::get_or(std::string_view name, std::string_view fallback) const noexcept {
  auto value = get(name);
  return value ? *value : fallback;
}

void Headers::set(std::string_view name, std::string_view value) {
  erase(name);
  add(name, value);
}

void Headers::add(std::string_view name, std::string_view value) { fields_.emplace_back(name, value); }

std::size_t Headers::erase(std::string_view name) {
  return std::erase_if(fields_, [name](const Field& field) { return iequals(field.first, name); });
}

}  // namespace vellum::http
