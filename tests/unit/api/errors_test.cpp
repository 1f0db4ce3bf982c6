// The one mapping from error kinds to HTTP statuses; internal details never reach the client.
#include <catch2/catch.hpp>

#include "api/errors.hpp"

using vellum::sdk::Error;
using vellum::sdk::ErrorKind;

TEST_CASE("error kinds map to statuses in one place") {
  CHECK(vellum::api::status_for(ErrorKind::invalid_argument) == 400);
  CHECK(vellum::api::status_for(ErrorKind::unauthenticated) == 401);
  CHECK(vellum::api::status_for(ErrorKind::permission_denied) == 403);
  CHECK(vellum::api::status_for(ErrorKind::not_found) == 404);
  CHECK(vellum::api::status_for(ErrorKind::conflict) == 409);
  CHECK(vellum::api::status_for(ErrorKind::rate_limited) == 429);
  CHECK(vellum::api::status_for(ErrorKind::unavailable) == 503);
  CHECK(vellum::api::status_for(ErrorKind::transient) == 503);
  CHECK(vellum::api::status_for(ErrorKind::internal) == 500);
}

TEST_CASE("client errors keep their message, internal ones are generic") {
  auto bad = vellum::api::error_response(Error(ErrorKind::invalid_argument, "title must be a string"));
  CHECK(bad.status == 400);
  CHECK(bad.body == R"({"error":"title must be a string"})");
  auto internal = vellum::api::error_response(Error(ErrorKind::internal, "SQL near 'articles': syntax error"));
  CHECK(internal.status == 500);
  CHECK(internal.body.find("articles") == std::string::npos);
  auto busy = vellum::api::error_response(Error(ErrorKind::transient, "database is locked"));
  CHECK(busy.status == 503);
  CHECK(busy.headers.get("Retry-After") == "1");
}
