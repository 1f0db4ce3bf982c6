#include "mcp/sse_stream.hpp"

namespace vellum::mcp {

void SseStream::push(const json& message) {
  {
    std::lock_guard lock(mutex_);
    if (finished_) return;
    events_.push_back("event: message\ndata: " + dump(message) + "\n\n");
  }
  changed_.notify_all();
}

void SseStream::finish() {
  {
    std::lock_guard lock(mutex_);
    finished_ = true;
  }
  changed_.notify_all();
}

bool SseStream::next(std::string& chunk, std::chrono::milliseconds wait) {
  std::unique_lock lock(mutex_);
  changed_.wait_for(lock, wait, [this] { return !events_.empty() || finished_; });
  while (!events_.empty()) {
    chunk += events_.front();
    events_.pop_front();
  }
  // Drained under the same lock that guards finished_: once finished, this chunk is the last piece.
  return !finished_;
}

bool SseStream::finished() const {
  std::lock_guard lock(mutex_);
  return finished_;
}

namespace {

// Lives as long as the server holds the producer. Destroyed before the stream finished means the
// client left (or the server is stopping): the request is abandoned.
struct StreamWatch {
  StreamWatch() = default;
  StreamWatch(const StreamWatch&) = delete;
  StreamWatch& operator=(const StreamWatch&) = delete;
  std::shared_ptr<SseStream> stream;
  std::function<void()> on_abandon;
  ~StreamWatch() {
    if (on_abandon && !stream->finished()) on_abandon();
  }
};

}  // namespace

http::Response sse_response(std::shared_ptr<SseStream> stream, SseOptions options, std::function<void()> on_abandon) {
  // Built in place: a temporary StreamWatch would be copied (its destructor suppresses the move) and
  // the temporary's destructor would abandon the stream at once.
  auto watch = std::make_shared<StreamWatch>();
  watch->stream = std::move(stream);
  watch->on_abandon = std::move(on_abandon);
  auto silent_since = std::make_shared<std::chrono::steady_clock::time_point>(std::chrono::steady_clock::now());
  auto response = http::Response::stream(
      200, "text/event-stream", [watch, silent_since, options](std::string& chunk) {
        const bool more = watch->stream->next(chunk, options.poll_step);
        const auto now = std::chrono::steady_clock::now();
        if (!chunk.empty()) {
          *silent_since = now;
        } else if (more && now - *silent_since >= options.keepalive) {
          // A comment line: ignored by clients, but writing it tells us whether the client is still there.
          chunk = ": keepalive\n\n";
          *silent_since = now;
        }
        return more;
      });
  response.headers.set("Cache-Control", "no-cache");
  return response;
}

}  // namespace vellum::mcp
