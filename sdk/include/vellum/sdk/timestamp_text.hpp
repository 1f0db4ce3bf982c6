// Timestamps as text, the one form the API, the databases and the plugins write: ISO-8601 UTC with
// milliseconds, "2025-01-15T10:30:00.000Z". Fixed width, so text order is time order (SQLite stores
// exactly this; PostgreSQL converts at the edge). Header-only, so the host and every plugin read and
// write the same text.
#pragma once

#include <charconv>
#include <chrono>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

#include "vellum/sdk/types.hpp"

namespace vellum::sdk {

namespace detail {
inline bool read_digits(std::string_view text, std::size_t pos, std::size_t len, int& out) {
  if (pos + len > text.size()) return false;
  const char* first = text.data() + pos;
  auto [end, error] = std::from_chars(first, first + len, out);
  return error == std::errc() && end == first + len;
}
}  // namespace detail

// "2025-01-15T10:30:00.000Z" (floored to the millisecond, also before 1970).
[[nodiscard]] inline std::string format_iso8601(Timestamp t) {
  using namespace std::chrono;
  const auto ms = floor<milliseconds>(t);
  const auto day = floor<days>(ms);
  const year_month_day ymd{day};
  const hh_mm_ss hms{ms - day};
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()), static_cast<int>(hms.subseconds().count()));
  return buffer;
}

// Accepts the canonical form and the variants a database or an operator writes: "T" or a space
// between date and time, an optional fraction (any digits, truncated to milliseconds), and a zone
// that says UTC ("Z", "+00", "+00:00", "+0000") or none. Anything else is nullopt.
[[nodiscard]] inline std::optional<Timestamp> parse_iso8601(std::string_view text) {
  using namespace std::chrono;
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  if (text.size() < 19 || text[4] != '-' || text[7] != '-' || (text[10] != 'T' && text[10] != ' ') ||
      text[13] != ':' || text[16] != ':')
    return std::nullopt;
  if (!detail::read_digits(text, 0, 4, y) || !detail::read_digits(text, 5, 2, mo) ||
      !detail::read_digits(text, 8, 2, d) || !detail::read_digits(text, 11, 2, h) ||
      !detail::read_digits(text, 14, 2, mi) || !detail::read_digits(text, 17, 2, s))
    return std::nullopt;
  std::size_t pos = 19;
  int millis = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    int digits = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (digits < 3) millis = millis * 10 + (text[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0) return std::nullopt;
    for (int i = digits; i < 3; ++i) millis *= 10;
  }
  const std::string_view zone = text.substr(pos);
  if (!(zone.empty() || zone == "Z" || zone == "+00" || zone == "+00:00" || zone == "+0000")) return std::nullopt;
  const year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok() || h > 23 || mi > 59 || s > 60) return std::nullopt;
  return sys_days{ymd} + hours{h} + minutes{mi} + seconds{s} + milliseconds{millis};
}

}  // namespace vellum::sdk
