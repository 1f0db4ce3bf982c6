#include "vellum/embedding_http/retry_after.hpp"

#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <string>
#include <vector>

namespace vellum::embedding_http {

namespace {

using namespace std::chrono;

// Longer waits than a day are not advice we can act on; clamping also keeps the arithmetic sane.
constexpr auto kMaxDelay = hours(24);

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

std::optional<int> to_int(std::string_view s) {
  int value = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return value;
}

std::optional<unsigned> month_number(std::string_view token) {
  static constexpr std::array<std::string_view, 12> kMonths{"jan", "feb", "mar", "apr", "may", "jun",
                                                            "jul", "aug", "sep", "oct", "nov", "dec"};
  if (token.size() != 3) return std::nullopt;
  std::string lower;
  for (char c : token) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  for (unsigned i = 0; i < kMonths.size(); ++i) {
    if (lower == kMonths[i]) return i + 1;
  }
  return std::nullopt;
}

std::vector<std::string_view> tokens_of(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    const bool separator = i == s.size() || s[i] == ' ' || s[i] == ',' || s[i] == '-' || s[i] == '\t';
    if (!separator) continue;
    if (i > start) out.push_back(s.substr(start, i - start));
    start = i + 1;
  }
  return out;
}

struct TimeOfDay {
  int hour = -1, minute = -1, second = -1;
};

std::optional<TimeOfDay> parse_time(std::string_view token) {
  if (token.size() != 8 || token[2] != ':' || token[5] != ':') return std::nullopt;
  auto h = to_int(token.substr(0, 2)), m = to_int(token.substr(3, 2)), s = to_int(token.substr(6, 2));
  if (!h || !m || !s || *h > 23 || *m > 59 || *s > 60) return std::nullopt;
  return TimeOfDay{*h, *m, *s};
}

}  // namespace

std::optional<system_clock::time_point> parse_http_date(std::string_view value) {
  // The three formats share their parts and differ in order and separators, so read tokens by what
  // they look like: a time, a month name, the day (first short number), the year (the other one).
  int day = -1, year = -1;
  std::optional<unsigned> month;
  std::optional<TimeOfDay> time;
  for (auto token : tokens_of(trim(value))) {
    if (token.find(':') != std::string_view::npos) {
      time = parse_time(token);
      if (!time) return std::nullopt;
    } else if (auto m = month_number(token)) {
      month = m;
    } else if (all_digits(token)) {
      auto number = to_int(token);
      if (!number) return std::nullopt;
      if (day < 0 && token.size() <= 2) {
        day = *number;
      } else if (year < 0 && (token.size() == 4 || token.size() == 2)) {
        // RFC 850 two-digit years: RFC 9110 §5.6.7 says to read them as the most recent past match.
        year = token.size() == 4 ? *number : (*number >= 70 ? 1900 + *number : 2000 + *number);
      } else {
        return std::nullopt;
      }
    }
    // Weekday names and "GMT" carry nothing we need.
  }
  if (day < 1 || year < 0 || !month || !time) return std::nullopt;
  const year_month_day date{std::chrono::year{year}, std::chrono::month{*month}, std::chrono::day{static_cast<unsigned>(day)}};
  if (!date.ok()) return std::nullopt;
  return sys_days{date} + hours(time->hour) + minutes(time->minute) + seconds(time->second);
}

std::optional<milliseconds> parse_retry_after(std::string_view value, system_clock::time_point now) {
  value = trim(value);
  if (all_digits(value)) {
    if (value.size() > 6) return duration_cast<milliseconds>(kMaxDelay);
    return std::min<milliseconds>(seconds(*to_int(value)), duration_cast<milliseconds>(kMaxDelay));
  }
  auto date = parse_http_date(value);
  if (!date) return std::nullopt;
  if (*date <= now) return milliseconds(0);
  return std::min<milliseconds>(ceil<milliseconds>(*date - now), duration_cast<milliseconds>(kMaxDelay));
}

std::optional<milliseconds> parse_retry_after_ms(std::string_view value) {
  value = trim(value);
  double ms = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), ms);
  if (value.empty() || ec != std::errc() || end != value.data() + value.size() || !std::isfinite(ms) || ms < 0) {
    return std::nullopt;
  }
  const double capped = std::min(ms, static_cast<double>(duration_cast<milliseconds>(kMaxDelay).count()));
  return milliseconds(static_cast<long long>(std::ceil(capped)));
}

}  // namespace vellum::embedding_http
