// The one mapping from sdk::ErrorKind to an HTTP status, and the JSON error body that goes with it.
// Client mistakes keep their message; internal failures are logged and answered generically.
#pragma once

#include "http/response.hpp"
#include "vellum/sdk/result.hpp"

namespace vellum::api {

// invalid_argument 400, unauthenticated 401, permission_denied 403, not_found 404, conflict 409,
// rate_limited 429, unavailable/transient/cancelled 503, everything else 500.
[[nodiscard]] int status_for(sdk::ErrorKind kind) noexcept;
[[nodiscard]] http::Response error_response(const sdk::Error& error);
// The client-facing text of a 503: says when the database is down or at its connection limit.
[[nodiscard]] std::string_view unavailable_message(const sdk::Error& error) noexcept;

}  // namespace vellum::api
