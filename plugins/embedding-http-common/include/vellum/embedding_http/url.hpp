// Just enough URL handling for provider endpoints: split a base URL and tell loopback hosts apart
// (a proxy must never carry a request meant for this machine).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace vellum::embedding_http {

struct UrlParts {
  std::string scheme;  // lower case: "http", "https"
  std::string host;    // without brackets for IPv6 literals
  std::string port;    // "" when not given
  std::string path;    // "" or "/…", without query
};

// "scheme://host[:port][/path]"; nullopt without a scheme, a host, or with a query or fragment.
[[nodiscard]] std::optional<UrlParts> split_url(std::string_view url);

// localhost, *.localhost, 127.0.0.0/8, ::1.
[[nodiscard]] bool is_loopback_host(std::string_view host);

// The base URL with any trailing '/' removed.
[[nodiscard]] std::string without_trailing_slash(std::string_view url);

}  // namespace vellum::embedding_http
