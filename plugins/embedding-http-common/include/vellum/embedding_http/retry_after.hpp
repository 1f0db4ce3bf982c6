// When a server says to come back: Retry-After (RFC 9110 §10.2.3) as delay-seconds or an HTTP-date
// in any of its three historical formats, and OpenAI's retry-after-ms.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace vellum::embedding_http {

// The delay a Retry-After value asks for, counted from `now`; a date in the past means "now" (0).
// nullopt when the value is neither a number of seconds nor a date.
[[nodiscard]] std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view value,
                                                                         std::chrono::system_clock::time_point now);

// retry-after-ms: a (possibly fractional) number of milliseconds.
[[nodiscard]] std::optional<std::chrono::milliseconds> parse_retry_after_ms(std::string_view value);

// "Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT" or "Sun Nov  6 08:49:37 1994".
[[nodiscard]] std::optional<std::chrono::system_clock::time_point> parse_http_date(std::string_view value);

}  // namespace vellum::embedding_http
