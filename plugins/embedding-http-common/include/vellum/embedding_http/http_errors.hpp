// Turns a provider's HTTP answer that is not 2xx into a classified sdk::Error, quoting the server's
// own message so an operator sees what the provider said, not just a number.
//   401 → unauthenticated, 403 → permission_denied (both permanent: new credentials are needed)
//   429 → rate_limited with retry_after from Retry-After / retry-after-ms
//   408, 5xx → transient (retry_after too when the server sent one, e.g. 503 + Retry-After)
//   other 4xx (400, 404, 422…) → permanent
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "vellum/embedding_http/http_reply.hpp"
#include "vellum/sdk/result.hpp"

namespace vellum::embedding_http {

// The error text inside a provider's body: {"error":{"message":…}} (OpenAI), {"error":"…"} (Ollama),
// {"message":…} or {"detail":…} (compatible servers), else the body itself, shortened to one line.
[[nodiscard]] std::string server_message(std::string_view body);

// How long the reply asks us to wait, when it says.
[[nodiscard]] std::optional<std::chrono::milliseconds> retry_delay(const HttpReply& reply,
                                                                   std::chrono::system_clock::time_point now);

// `endpoint` names where the request went ("POST http://localhost:11434/api/embed").
[[nodiscard]] sdk::Error classify_status(const HttpReply& reply, std::string_view endpoint,
                                         std::chrono::system_clock::time_point now);

// "1.5 s", "300 ms": durations in messages.
[[nodiscard]] std::string format_duration(std::chrono::milliseconds duration);

}  // namespace vellum::embedding_http
