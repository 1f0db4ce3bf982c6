// Secrets out of log lines. Every line that prints a request path, target or header passes it through
// here first, so a key sent in a URL (DELETE /api/access-tokens/sk-md-…) never reaches the log.
#pragma once

#include <string>
#include <string_view>

namespace vellum {

// Every API key ("sk-md-" followed by key characters, any letter case) keeps its prefix and its first
// four characters: "sk-md-ab12…". Enough to tell two keys apart in a log, far too little to use one.
[[nodiscard]] std::string redact_secrets(std::string_view text);

// Text an upstream wrote (a provider's error, which may echo the key it was sent and its URL):
// redact_secrets, then anything shaped like a credential masked whole — "sk-…" keys of other services,
// "Bearer <token>", the user:password of a URL, and credential query parameters ("api-key=…").
[[nodiscard]] std::string mask_credentials(std::string_view text);

// A request path or target ("/a/b?token=x"): redact_secrets, and the value of each query parameter
// named like a credential (token, key, api_key, apikey, access_token, secret, password; any case)
// becomes "***".
[[nodiscard]] std::string redact_target(std::string_view target);

// A header value as it may be logged: credentials (Authorization, Proxy-Authorization, Cookie,
// Set-Cookie) become "[redacted]" whatever they hold; any other value goes through redact_secrets.
[[nodiscard]] std::string redact_header(std::string_view name, std::string_view value);

}  // namespace vellum
