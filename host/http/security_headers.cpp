#include "http/security_headers.hpp"

#include <algorithm>
#include <array>

#include <openssl/evp.h>
#include <openssl/rand.h>

namespace vellum::http {

namespace {

constexpr std::string_view kAllowMethods = "GET, POST, PUT, DELETE, OPTIONS";
constexpr std::string_view kAllowHeaders = "Authorization, Content-Type";

}  // namespace

std::string csp_nonce() {
  std::array<unsigned char, 16> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    // Without randomness no nonce can be trusted; a response must still go out, so fail closed: the
    // policy below then allows no inline script at all.
    return {};
  }
  std::array<unsigned char, 32> encoded{};
  const int n = EVP_EncodeBlock(encoded.data(), bytes.data(), static_cast<int>(bytes.size()));
  return std::string(reinterpret_cast<const char*>(encoded.data()), static_cast<std::size_t>(n));
}

void add_security_headers(Response& response, const std::string& nonce) {
  // A handler may set a stricter policy of its own (the web console does); it is kept.
  if (!response.headers.contains("Content-Security-Policy")) {
    const std::string script = nonce.empty() ? "script-src 'self'" : "script-src 'self' 'nonce-" + nonce + "'";
    response.headers.set("Content-Security-Policy",
                         "default-src 'self'; " + script +
                             "; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; "
                             "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
                             "frame-ancestors 'none'");
  }
  response.headers.set("X-Frame-Options", "DENY");
  response.headers.set("X-Content-Type-Options", "nosniff");
  response.headers.set("Referrer-Policy", "strict-origin-when-cross-origin");
  response.headers.set("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
  // API answers carry private articles and tokens: no shared cache may keep them.
  if (!response.headers.contains("Cache-Control")) response.headers.set("Cache-Control", "no-store");
}

bool Cors::allowed(std::string_view origin) const {
  return std::any_of(origins_.begin(), origins_.end(),
                     [&](const std::string& allowed) { return allowed == "*" || allowed == origin; });
}

std::optional<Response> Cors::preflight(const Request& request) const {
  if (!enabled() || request.method != "OPTIONS") return std::nullopt;
  auto origin = request.header("Origin");
  if (!origin || !request.header("Access-Control-Request-Method")) return std::nullopt;
  if (!allowed(*origin)) return Response::error(403, "Origin not allowed");
  Response response;
  response.status = 204;
  response.headers.set("Access-Control-Allow-Methods", kAllowMethods);
  response.headers.set("Access-Control-Allow-Headers", kAllowHeaders);
  response.headers.set("Access-Control-Max-Age", "600");
  return response;
}

void Cors::decorate(const Request& request, Response& response) const {
  if (!enabled()) return;
  auto origin = request.header("Origin");
  response.headers.add("Vary", "Origin");
  if (!origin || !allowed(*origin)) return;
  response.headers.set("Access-Control-Allow-Origin", *origin);
  response.headers.set("Access-Control-Expose-Headers", "Retry-After, X-Total-Count");
}

ResponseHook make_response_hook(Cors cors) {
  return [cors = std::move(cors)](const Request& request, Response& response) {
    add_security_headers(response, csp_nonce());
    cors.decorate(request, response);
  };
}

}  // namespace vellum::http
