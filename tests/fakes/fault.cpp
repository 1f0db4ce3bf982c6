#include "fakes/fault.hpp"

namespace vellum::test {

Fault Fault::latency(std::chrono::milliseconds delay) { return Fault{Kind::latency, delay, {}}; }
Fault Fault::rate_limited(std::chrono::seconds retry_after) {
  return Fault{Kind::rate_limited, {}, std::to_string(retry_after.count())};
}
Fault Fault::rate_limited_header(std::string retry_after) { return Fault{Kind::rate_limited, {}, std::move(retry_after)}; }
Fault Fault::server_error() { return Fault{Kind::server_error, {}, {}}; }
Fault Fault::unavailable(std::string retry_after) { return Fault{Kind::unavailable, {}, std::move(retry_after)}; }
Fault Fault::hang() { return Fault{Kind::hang, {}, {}}; }
Fault Fault::malformed_json() { return Fault{Kind::malformed_json, {}, {}}; }
Fault Fault::wrong_dimension() { return Fault{Kind::wrong_dimension, {}, {}}; }
Fault Fault::wrong_count() { return Fault{Kind::wrong_count, {}, {}}; }
Fault Fault::drop_connection() { return Fault{Kind::drop_connection, {}, {}}; }
Fault Fault::unauthorized() { return Fault{Kind::unauthorized, {}, {}}; }

std::string_view to_string(Fault::Kind kind) {
  switch (kind) {
    case Fault::Kind::latency: return "latency";
    case Fault::Kind::rate_limited: return "rate_limited";
    case Fault::Kind::server_error: return "server_error";
    case Fault::Kind::unavailable: return "unavailable";
    case Fault::Kind::hang: return "hang";
    case Fault::Kind::malformed_json: return "malformed_json";
    case Fault::Kind::wrong_dimension: return "wrong_dimension";
    case Fault::Kind::wrong_count: return "wrong_count";
    case Fault::Kind::drop_connection: return "drop_connection";
    case Fault::Kind::unauthorized: return "unauthorized";
  }
  return "unknown";
}

}  // namespace vellum::test
