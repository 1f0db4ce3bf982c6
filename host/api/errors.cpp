#include "api/errors.hpp"

#include <spdlog/spdlog.h>

namespace vellum::api {

int status_for(sdk::ErrorKind kind) noexcept {
  switch (kind) {
    case sdk::ErrorKind::invalid_argument: return 400;
    case sdk::ErrorKind::unauthenticated: return 401;
    case sdk::ErrorKind::permission_denied: return 403;
    case sdk::ErrorKind::not_found: return 404;
    case sdk::ErrorKind::conflict: return 409;
    case sdk::ErrorKind::rate_limited: return 429;
    case sdk::ErrorKind::unavailable:
    case sdk::ErrorKind::transient:
    case sdk::ErrorKind::cancelled: return 503;
    case sdk::ErrorKind::permanent:
    case sdk::ErrorKind::bad_dimension:
    case sdk::ErrorKind::internal: return 500;
  }
  return 500;
}

std::string_view unavailable_message(const sdk::Error& error) noexcept {
  // The storage backends' messages name the database and, when the server refused a connection
  // for want of slots, its connection limit. The rest of the message (hosts, SQL) stays in the log.
  const bool database = error.message.find("database") != std::string::npos;
  if (database && error.message.find("connection limit") != std::string::npos)
    return "The database is at its connection limit and accepts no new connection. Please try again.";
  if (database && error.kind == sdk::ErrorKind::unavailable)
    return "The database is unavailable (unreachable or restarting). Please try again.";
  return "The service is temporarily unavailable. Please try again.";
}

http::Response error_response(const sdk::Error& error) {
  const int status = status_for(error.kind);
  if (status == 500) {
    // The details may name tables or files; they belong in the log, not in a client's hands.
    spdlog::error("api: internal error ({}): {}", sdk::to_string(error.kind), error.message);
    return http::internal_error();
  }
  if (status == 503) {
    spdlog::warn("api: unavailable ({}): {}", sdk::to_string(error.kind), error.message);
    http::Response response = http::Response::error(503, unavailable_message(error));
    response.headers.set("Retry-After", "1");
    return response;
  }
  return http::Response::error(status, error.message);
}

}  // namespace vellum::api
