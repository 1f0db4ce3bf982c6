// An HTTP request as handlers see it: already read in full, target parsed and percent-decoded.
// Plain data so handlers and tests can build one without a server.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/headers.hpp"

namespace vellum::http {

// Ordered name/value pairs with case-sensitive names: query parameters and path parameters.
class Params {
 public:
  using Entry = std::pair<std::string, std::string>;
  using const_iterator = std::vector<Entry>::const_iterator;

  // The first value of `name`, if present (`?a=1&a=2` → "1").
  [[nodiscard]] std::optional<std::string_view> get(std::string_view name) const noexcept;
  [[nodiscard]] std::string_view get_or(std::string_view name, std::string_view fallback) const noexcept;
  [[nodiscard]] bool contains(std::string_view name) const noexcept { return get(name).has_value(); }
  // Every value of `name`, in order.
  [[nodiscard]] std::vector<std::string_view> all(std::string_view name) const;

  void add(std::string name, std::string value) { entries_.emplace_back(std::move(name), std::move(value)); }
  void clear() noexcept { entries_.clear(); }

  [[nodiscard]] std::size_t size() const noexcept { return entries_.size(); }
  [[nodiscard]] bool empty() const noexcept { return entries_.empty(); }
  [[nodiscard]] const_iterator begin() const noexcept { return entries_.begin(); }
  [[nodiscard]] const_iterator end() const noexcept { return entries_.end(); }

 private:
  std::vector<Entry> entries_;
};

struct Request {
  std::string method;                 // as sent; matching is case-sensitive (RFC 9110 §9.1)
  std::string target;                 // the raw request-target: path and query, still percent-encoded
  std::string path;                   // the raw path, still percent-encoded ("/api/a%20b")
  std::vector<std::string> segments;  // the path split on '/', each percent-decoded ("api", "a b")
  Params query;                       // decoded; '+' reads as a space, as browsers send forms
  Headers headers;
  std::string body;                   // bytes as received; never validated or transcoded
  std::string remote_address;         // peer IP ("127.0.0.1", "::1"); empty when not from a socket
  std::uint16_t remote_port = 0;
  unsigned version = 11;              // 10 or 11
  Params params;                      // path parameters, filled by the Router (":slug", "*rest")

  [[nodiscard]] std::optional<std::string_view> header(std::string_view name) const noexcept {
    return headers.get(name);
  }
  // A path parameter, or "" when the route has none of that name.
  [[nodiscard]] std::string_view param(std::string_view name) const noexcept { return params.get_or(name, ""); }
};

// Fills `target`, `path`, `segments` and `query` from a request-target (origin form "/a?b", or absolute
// form "http://h/a?b"). Returns false for anything else: bad percent-encoding, spaces, a fragment, a
// scheme other than http(s), an absolute form without a host or with user information.
[[nodiscard]] bool parse_target(std::string_view target, Request& request);

// The authority ("h:8080") of an absolute-form target; nullopt for origin form or an invalid target.
[[nodiscard]] std::optional<std::string> target_authority(std::string_view target);

// A request built from a method and target; convenient in tests of routers and handlers.
[[nodiscard]] Request make_request(std::string method, std::string_view target, std::string body = {});

}  // namespace vellum::http
