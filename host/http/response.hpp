// An HTTP response as handlers build it. A response either carries its whole body, or a producer
// that streams it in chunks (server-sent events for MCP, large exports).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

// The full header, not json_fwd: every caller of Response::json builds a json value anyway.
#include <nlohmann/json.hpp>

#include "http/headers.hpp"

namespace vellum::http {

// Streams a body: called repeatedly on a handler thread; each call appends the next piece to `chunk`
// and returns true while more will follow, false after the last piece. The server writes each piece
// as one HTTP/1.1 chunk before calling again, so a producer never races the socket. A producer that
// waits for events should wait in bounded steps (e.g. emit an SSE comment every few seconds): while it
// waits it holds a handler thread, and the server stops calling it once the client has gone.
using BodyProducer = std::function<bool(std::string& chunk)>;

struct Response {
  int status = 200;
  Headers headers;
  std::string body;
  BodyProducer producer;  // when set, `body` is ignored and the body is sent chunked

  [[nodiscard]] bool streaming() const noexcept { return static_cast<bool>(producer); }

  // `value` serialised compactly, Content-Type application/json. Invalid UTF-8 in strings is replaced
  // with U+FFFD rather than throwing: a response must always be producible.
  [[nodiscard]] static Response json(int status, const nlohmann::json& value);
  // {"error": message}
  [[nodiscard]] static Response error(int status, std::string_view message);
  [[nodiscard]] static Response text(int status, std::string body,
                                     std::string_view content_type = "text/plain; charset=utf-8");
  [[nodiscard]] static Response stream(int status, std::string_view content_type, BodyProducer producer);
};

// The response every unexpected failure turns into: 500 {"error":"Internal server error"}.
[[nodiscard]] Response internal_error();
// 413 {"error":"Request too large","maxSize":N,"receivedSize":M}
[[nodiscard]] Response too_large(std::uint64_t max_size, std::uint64_t received_size);

}  // namespace vellum::http
