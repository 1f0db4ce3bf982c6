#include "common/clock.hpp"

#include <charconv>
#include <chrono>
#include <cstdio>

namespace vellum {

using namespace std::chrono;

sdk::Timestamp now_ms() { return time_point_cast<milliseconds>(system_clock::now()); }

std::string format_iso8601(sdk::Timestamp t) {
  const auto ms = time_point_cast<milliseconds>(t);
  const auto day = floor<days>(ms);
  const year_month_day ymd{day};
  const hh_mm_ss hms{ms - day};
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02ld:%02ld:%02lldZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<long>(hms.hours().count()), static_cast<long>(hms.minutes().count()),
                static_cast<long long>(hms.seconds().count()));
  std::string out(buffer);
  char millis[8];
  std::snprintf(millis, sizeof millis, ".%03lld", static_cast<long long>(hms.subseconds().count()));
  out.insert(out.size() - 1, millis);
  return out;
}

namespace {
bool read_int(std::string_view text, std::size_t pos, std::size_t len, int& out) {
  if (pos + len > text.size()) return false;
  auto [end, error] = std::from_chars(text.data() + pos, text.data() + pos + len, out);
  return error == std::errc() && end == text.data() + pos + len;
}
}  // namespace

std::optional<sdk::Timestamp> parse_iso8601(std::string_view text) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  if (!read_int(text, 0, 4, y) || text.size() < 19 || text[4] != '-' || !read_int(text, 5, 2, mo) ||
      text[7] != '-' || !read_int(text, 8, 2, d) || (text[10] != 'T' && text[10] != ' ') ||
      !read_int(text, 11, 2, h) || text[13] != ':' || !read_int(text, 14, 2, mi) || text[16] != ':' ||
      !read_int(text, 17, 2, s)) {
    return std::nullopt;
  }
  std::size_t pos = 19;
  long long millis = 0;
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
  std::string_view zone = text.substr(pos);
  if (!(zone.empty() || zone == "Z" || zone == "+00" || zone == "+00:00" || zone == "+0000")) return std::nullopt;
  const year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok() || h > 23 || mi > 59 || s > 60) return std::nullopt;
  return sys_days{ymd} + hours{h} + minutes{mi} + seconds{s} + milliseconds{millis};
}

}  // namespace vellum
