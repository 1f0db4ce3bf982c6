// Helpers that keep conformance tests short: run one repository call in a transaction and get its
// value (or fail the test with the backend's own message), fixed clock readings, drafts.
#pragma once

#include <catch2/catch.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

#include "vellum/sdk/storage.hpp"

namespace vellum::test {

// 2025-01-01T00:00:00Z + `seconds`: tests use whole, readable instants (the backends keep ms).
inline sdk::Timestamp at(double seconds) {
  return sdk::Timestamp(std::chrono::seconds(1735689600)) +
         std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
}

// Runs `body(repos)` — returning Result<T> or Status — in one write transaction; the transaction
// commits only when the body succeeded. The answer is the body's (or the commit's) result.
template <class Body>
auto write(sdk::StorageBackend& backend, Body&& body) -> std::invoke_result_t<Body, sdk::Repositories&> {
  using R = std::invoke_result_t<Body, sdk::Repositories&>;
  std::optional<R> result;
  sdk::Status status = backend.transact([&](sdk::Repositories& repos) -> sdk::Status {
    result.emplace(body(repos));
    if (!result->ok()) return result->error();
    return sdk::ok_status();
  });
  if (!status) return status.error();
  return std::move(*result);
}

// The same in a read transaction.
template <class Body>
auto read(sdk::StorageBackend& backend, Body&& body) -> std::invoke_result_t<Body, sdk::Repositories&> {
  using R = std::invoke_result_t<Body, sdk::Repositories&>;
  std::optional<R> result;
  sdk::Status status = backend.read([&](sdk::Repositories& repos) -> sdk::Status {
    result.emplace(body(repos));
    if (!result->ok()) return result->error();
    return sdk::ok_status();
  });
  if (!status) return status.error();
  return std::move(*result);
}

// The value of a successful result; otherwise the test fails with the error's message.
template <class T>
T ok(sdk::Result<T> result) {
  if (!result) FAIL("expected success, got " << sdk::to_string(result.error().kind) << ": " << result.error().message);
  return std::move(result).value();
}
inline void ok(sdk::Status status) {
  if (!status) FAIL("expected success, got " << sdk::to_string(status.error().kind) << ": " << status.error().message);
}

// The kind of a failed result; fails the test when it succeeded.
template <class T>
sdk::ErrorKind error_kind(const sdk::Result<T>& result) {
  if (result.ok()) FAIL("expected an error, got success");
  return result.error().kind;
}

inline sdk::ArticleDraft draft(std::string slug, std::string title = "", std::string content = "body",
                               std::string folder = "", sdk::Timestamp now = at(0)) {
  sdk::ArticleDraft d;
  d.title = title.empty() ? slug : title;
  d.slug = std::move(slug);
  d.content = std::move(content);
  d.folder = std::move(folder);
  d.now = now;
  d.actor = "admin";
  return d;
}

// Inserts an article and returns it.
inline sdk::Article add_article(sdk::StorageBackend& backend, const sdk::ArticleDraft& d) {
  return ok(write(backend, [&](sdk::Repositories& r) { return r.articles().insert(d); }));
}

}  // namespace vellum::test
