// One HTTP exchange with a provider, as plain data: what we send and what came back.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace vellum::embedding_http {

struct HttpRequest {
  std::string url;
  std::string body;                   // JSON, sent with POST
  std::vector<std::string> headers;   // "Name: value" lines, after Content-Type and Accept
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds timeout{60'000};  // the whole exchange, connect included
  std::string timeout_reason;         // for the message when `timeout` expires: "timeout_ms", "the deadline"
  bool bypass_proxy = false;          // loopback endpoints: an inherited http_proxy must not see them
};

struct HttpReply {
  long status = 0;
  std::string body;
  std::optional<std::string> retry_after;     // Retry-After, as sent
  std::optional<std::string> retry_after_ms;  // retry-after-ms (OpenAI), as sent
};

}  // namespace vellum::embedding_http
