// Result<T> and Error: how every plugin interface answers. No exception crosses the plugin boundary;
// an Error says what happened and whether trying again can help (and after how long), the way a
// Fluent Bit flush callback answers OK / RETRY / ERROR.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

namespace vellum::sdk {

enum class ErrorKind {
  invalid_argument,   // the caller's input is wrong; never retried
  not_found,
  conflict,           // unique constraint, concurrent change, wrong state
  unauthenticated,    // credentials missing or rejected (a provider's 401)
  permission_denied,  // credentials fine, not allowed (a provider's 403)
  rate_limited,       // slow down; retry_after says when
  transient,          // network, 5xx, timeout, database busy: retry with backoff
  permanent,          // will fail the same way again (malformed response, bad model)
  bad_dimension,      // a provider returned vectors of the wrong size
  unavailable,        // a dependency is down (database unreachable); retryable
  cancelled,          // stopped on request
  internal,           // a bug; report it
};

[[nodiscard]] constexpr std::string_view to_string(ErrorKind kind) noexcept {
  switch (kind) {
    case ErrorKind::invalid_argument: return "invalid_argument";
    case ErrorKind::not_found: return "not_found";
    case ErrorKind::conflict: return "conflict";
    case ErrorKind::unauthenticated: return "unauthenticated";
    case ErrorKind::permission_denied: return "permission_denied";
    case ErrorKind::rate_limited: return "rate_limited";
    case ErrorKind::transient: return "transient";
    case ErrorKind::permanent: return "permanent";
    case ErrorKind::bad_dimension: return "bad_dimension";
    case ErrorKind::unavailable: return "unavailable";
    case ErrorKind::cancelled: return "cancelled";
    case ErrorKind::internal: return "internal";
  }
  return "internal";
}

// Whether a failure of this kind may succeed when tried again unchanged.
[[nodiscard]] constexpr bool is_retryable(ErrorKind kind) noexcept {
  return kind == ErrorKind::rate_limited || kind == ErrorKind::transient || kind == ErrorKind::unavailable;
}

struct Error {
  ErrorKind kind = ErrorKind::internal;
  std::string message;
  bool retryable = false;
  std::optional<std::chrono::milliseconds> retry_after;  // set for rate_limited when the server said so

  Error() = default;
  Error(ErrorKind k, std::string msg) : kind(k), message(std::move(msg)), retryable(is_retryable(k)) {}

  [[nodiscard]] static Error rate_limited(std::string msg, std::optional<std::chrono::milliseconds> after) {
    Error e(ErrorKind::rate_limited, std::move(msg));
    e.retry_after = after;
    return e;
  }
  // Prefixes context ("embedding batch 3: ...") while keeping the classification.
  [[nodiscard]] Error with_context(std::string_view context) const {
    Error e = *this;
    e.message = std::string(context) + ": " + message;
    return e;
  }
};

template <class T>
class [[nodiscard]] Result {
 public:
  using value_type = T;
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

  [[nodiscard]] bool ok() const noexcept { return state_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }

  T& value() & { return std::get<0>(state_); }
  const T& value() const& { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const& { return std::get<1>(state_); }
  Error&& error() && { return std::get<1>(std::move(state_)); }

  template <class U>
  T value_or(U&& fallback) const& { return ok() ? value() : static_cast<T>(std::forward<U>(fallback)); }

 private:
  std::variant<T, Error> state_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)) {}  // NOLINT: implicit by design

  [[nodiscard]] bool ok() const noexcept { return !error_.has_value(); }
  explicit operator bool() const noexcept { return ok(); }
  const Error& error() const& { return *error_; }
  Error&& error() && { return std::move(*error_); }

 private:
  std::optional<Error> error_;
};

using Status = Result<void>;

[[nodiscard]] inline Status ok_status() { return {}; }

}  // namespace vellum::sdk
