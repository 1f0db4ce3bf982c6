// Headers every response carries (api-spec §3.5), installed as the server's ResponseHook so the
// server's own 400/413/431/503 get them too: a Content-Security-Policy with a fresh nonce per
// response, X-Frame-Options, X-Content-Type-Options, Referrer-Policy, Permissions-Policy. CORS is off
// unless server.cors_origins lists origins; then allowed origins get CORS headers and preflights.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "http/request.hpp"
#include "http/response.hpp"
#include "http/server.hpp"

namespace vellum::http {

// 16 random bytes, base64.
[[nodiscard]] std::string csp_nonce();
void add_security_headers(Response& response, const std::string& nonce);

class Cors {
 public:
  explicit Cors(std::vector<std::string> origins) : origins_(std::move(origins)) {}

  [[nodiscard]] bool enabled() const noexcept { return !origins_.empty(); }
  // An OPTIONS request with Origin and Access-Control-Request-Method, answered before routing and
  // authentication (browsers send no credentials on preflight). nullopt when it is not one.
  [[nodiscard]] std::optional<Response> preflight(const Request& request) const;
  // Access-Control-Allow-Origin (and Vary) on responses to allowed origins.
  void decorate(const Request& request, Response& response) const;

 private:
  [[nodiscard]] bool allowed(std::string_view origin) const;
  std::vector<std::string> origins_;  // "*" allows any origin
};

[[nodiscard]] ResponseHook make_response_hook(Cors cors);

}  // namespace vellum::http
