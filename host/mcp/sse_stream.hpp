// The body of one POST answered with server-sent events: the request runs on its own thread and
// pushes messages (progress, log lines, questions to the client, finally the response); the HTTP
// server's handler thread pulls them through a BodyProducer in bounded waits, so it is never held
// for long and notices a client that has gone (keep-alive comments are written during silences).
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>

#include "http/response.hpp"
#include "mcp/jsonrpc.hpp"

namespace vellum::mcp {

class SseStream {
 public:
  // "event: message\ndata: <json>\n\n"
  void push(const json& message);
  // No more messages will come; the body ends once the queue is drained.
  void finish();
  // Appends what is queued to `chunk`, waiting up to `wait` for something; false once finished and
  // drained.
  bool next(std::string& chunk, std::chrono::milliseconds wait);
  [[nodiscard]] bool finished() const;

 private:
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::string> events_;
  bool finished_ = false;
};

struct SseOptions {
  std::chrono::milliseconds poll_step{200};        // longest a producer call blocks a handler thread
  std::chrono::milliseconds keepalive{15'000};     // comment line after this much silence
};

// A Response streaming `stream` as text/event-stream. `on_abandon` runs (once) if the client goes away
// before the stream finished — the request is then cancelled.
[[nodiscard]] http::Response sse_response(std::shared_ptr<SseStream> stream, SseOptions options,
                                          std::function<void()> on_abandon);

}  // namespace vellum::mcp
