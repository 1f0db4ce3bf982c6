#include "metrics/prometheus_name.hpp"

#include <charconv>
#include <cmath>

namespace vellum::metrics {

std::string name_fragment(std::string_view text) {
  std::string out;
  bool gap = false;
  for (char c : text) {
    const char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    const bool keep = (lower >= 'a' && lower <= 'z') || (lower >= '0' && lower <= '9');
    if (!keep) {
      gap = true;  // '_' too: runs of separators collapse to one
      continue;
    }
    if (gap && !out.empty()) out += '_';
    gap = false;
    out += lower;
  }
  return out;
}

std::string label_value(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    if (c == '\\' || c == '"') out += '\\';
    out += c;
  }
  return out;
}

std::string sample_value(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  char buffer[64];
  auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value);
  if (error != std::errc()) return "NaN";
  return std::string(buffer, end);
}

}  // namespace vellum::metrics
