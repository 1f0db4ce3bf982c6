// The one text form of a timestamp, shared by the host and the plugins (vellum/sdk/timestamp_text.hpp).
#include <catch2/catch.hpp>

#include "vellum/sdk/timestamp_text.hpp"

using vellum::sdk::format_iso8601;
using vellum::sdk::parse_iso8601;
using vellum::sdk::Timestamp;
using namespace std::chrono;

TEST_CASE("timestamps: the canonical form round-trips, also before 1970") {
  const Timestamp t = sys_days{2025y / January / 15} + 10h + 30min + 5s + 7ms;
  CHECK(format_iso8601(t) == "2025-01-15T10:30:05.007Z");
  CHECK(parse_iso8601("2025-01-15T10:30:05.007Z") == t);
  const Timestamp before = Timestamp(milliseconds(-1));
  CHECK(format_iso8601(before) == "1969-12-31T23:59:59.999Z");
  CHECK(parse_iso8601(format_iso8601(before)) == before);
}

TEST_CASE("timestamps: the variants databases and operators write are read, nothing else") {
  const Timestamp t = sys_days{2025y / January / 15} + 10h + 30min;
  for (const char* text : {"2025-01-15 10:30:00", "2025-01-15T10:30:00Z", "2025-01-15T10:30:00+00",
                           "2025-01-15T10:30:00+00:00", "2025-01-15T10:30:00+0000", "2025-01-15T10:30:00.0000001Z"}) {
    INFO(text);
    CHECK(parse_iso8601(text) == t);
  }
  CHECK(parse_iso8601("2025-01-15T10:30:00.123456+00:00") == t + 123ms);
  for (const char* text : {"", "2025-01-15", "2025-01-15T10:30:00+01:00", "2025-02-30T10:30:00Z",
                           "2025-01-15T24:00:00Z", "2025-01-15T10:30:00.Z", "2025/01/15T10:30:00Z", "x025-01-15T10:30:00Z"}) {
    INFO(text);
    CHECK_FALSE(parse_iso8601(text));
  }
}
