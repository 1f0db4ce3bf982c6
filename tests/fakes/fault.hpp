// What a fake provider can be told to do wrong, one request at a time or until cleared:
//   fake.fail_next(Fault::rate_limited(std::chrono::seconds(2)), 3);  // the next three embed requests
//   fake.fail_always(Fault::hang());                                   // every one, until clear_faults()
#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace vellum::test {

struct Fault {
  enum class Kind {
    latency,          // answer normally after `delay`
    rate_limited,     // 429, Retry-After: `retry_after` (when not empty)
    server_error,     // 500
    unavailable,      // 503, Retry-After when set
    hang,             // never answer (until clear_faults() or the fake stops); the client must time out
    malformed_json,   // 200 with a truncated JSON body
    wrong_dimension,  // 200 with vectors one element longer than asked
    wrong_count,      // 200 with one vector too few (one too many for a single input)
    drop_connection,  // the connection closes before any body byte (after the status line: see below)
    unauthorized,     // 401 with the service's own error body
  };

  Kind kind = Kind::latency;
  std::chrono::milliseconds delay{0};
  std::string retry_after;  // Retry-After header value as sent; empty = no header

  static Fault latency(std::chrono::milliseconds delay);
  static Fault rate_limited(std::chrono::seconds retry_after = std::chrono::seconds(1));
  // Retry-After written as given, e.g. an HTTP-date; "" sends no Retry-After at all.
  static Fault rate_limited_header(std::string retry_after);
  static Fault server_error();
  static Fault unavailable(std::string retry_after = {});
  static Fault hang();
  static Fault malformed_json();
  static Fault wrong_dimension();
  static Fault wrong_count();
  // vellum::http::Server always writes a status line before it can abandon a response, so the client
  // sees "HTTP/1.1 200" and then the connection closing without a body (curl: "transfer closed with
  // outstanding read data remaining"). To a client that is a connection dropped mid-response.
  static Fault drop_connection();
  static Fault unauthorized();
};

[[nodiscard]] std::string_view to_string(Fault::Kind kind);

}  // namespace vellum::test
