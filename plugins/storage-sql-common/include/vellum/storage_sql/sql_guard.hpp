// The one place database exceptions become classified errors: every repository method runs its body
// inside `guarded`, so no soci_error (or any other exception) escapes an interface method.
#pragma once

#include <exception>
#include <string>
#include <string_view>
#include <type_traits>

#include <soci/soci.h>

#include "vellum/sdk/result.hpp"
#include "vellum/storage_sql/dialect.hpp"

namespace vellum::storage_sql {

[[nodiscard]] sdk::Error database_error(const Dialect& dialect, std::string_view what, const soci::soci_error& e);

// Runs `body` (returning Result<T> or Status) and turns any exception into an Error whose message
// starts with `what` ("articles.insert").
template <class Body>
auto guarded(const Dialect& dialect, std::string_view what, Body&& body) -> std::invoke_result_t<Body> {
  try {
    return body();
  } catch (const soci::soci_error& e) {
    return database_error(dialect, what, e);
  } catch (const std::exception& e) {
    return sdk::Error(sdk::ErrorKind::internal, std::string(what) + ": " + e.what());
  } catch (...) {
    return sdk::Error(sdk::ErrorKind::internal, std::string(what) + ": unknown exception");
  }
}

}  // namespace vellum::storage_sql
