// DNS-rebinding protection (transport spec, security warning): a browser tricked into calling our
// port from a hostile page sends that page's Host and Origin. Both must name a host we serve: the
// loopback names by default, plus what the operator lists in mcp.allowed_hosts (and whole origins
// in mcp.allowed_origins). Clients that are not browsers send no Origin; that is allowed.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "http/request.hpp"

namespace vellum::mcp {

struct OriginPolicy {
  std::vector<std::string> allowed_hosts = {"localhost", "127.0.0.1", "[::1]"};  // "*" allows any
  std::vector<std::string> allowed_origins;  // exact "scheme://host[:port]"; "*" allows any

  // An empty string when the request may go on, else why not (the 403 message).
  [[nodiscard]] std::string check(const http::Request& request) const;
};

// "Example.com:8080" → "example.com"; "[::1]:5000" → "[::1]"; empty when malformed.
[[nodiscard]] std::string host_name(std::string_view authority);

}  // namespace vellum::mcp
