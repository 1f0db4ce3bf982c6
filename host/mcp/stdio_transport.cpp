#include "mcp/stdio_transport.hpp"

#include <mutex>
#include <string>

#include <spdlog/spdlog.h>

#include "common/bounded_json.hpp"
#include "mcp/worker_group.hpp"

namespace vellum::mcp {

namespace {

// One line of input, at most `limit` bytes kept; `overflow` tells that more were skipped.
struct Line {
  std::string text;
  bool overflow = false;
  bool eof = false;
};

Line read_line(std::streambuf& in, std::size_t limit) {
  Line line;
  for (;;) {
    const int c = in.sbumpc();
    if (c == std::char_traits<char>::eof()) {
      line.eof = true;
      break;
    }
    if (c == '\n') break;
    if (line.text.size() < limit) {
      line.text.push_back(static_cast<char>(c));
    } else {
      line.overflow = true;
    }
  }
  if (!line.text.empty() && line.text.back() == '\r') line.text.pop_back();
  return line;
}

class LineWriter {
 public:
  explicit LineWriter(std::ostream& out) : out_(out) {}
  void write(const json& message) {
    // dump() escapes newlines inside strings, so one message is always exactly one line.
    const std::string line = dump(message);
    std::lock_guard lock(mutex_);
    out_ << line << '\n';
    out_.flush();
  }

 private:
  std::ostream& out_;
  std::mutex mutex_;
};

}  // namespace

void serve_stdio(Dispatcher& dispatcher, const http::Caller& caller, std::istream& in, std::ostream& out,
                 StdioOptions options) {
  Session session("stdio", caller, std::chrono::steady_clock::now());
  LineWriter writer(out);
  const Outbound outbound = [&writer](const json& message) { writer.write(message); };
  WorkerGroup workers;
  std::streambuf& input = *in.rdbuf();

  for (;;) {
    Line line = read_line(input, options.max_message_bytes);
    if (line.overflow) {
      writer.write(make_error(nullptr, rpc::kInvalidRequest,
                              "Invalid Request: message larger than " + std::to_string(options.max_message_bytes) +
                                  " bytes"));
    } else if (line.text.find_first_not_of(" \t") != std::string::npos) {
      auto value = parse_bounded_json(line.text, kRequestJsonLimits);
      if (!value) {
        writer.write(make_error(nullptr, rpc::kParseError, "Parse error: " + value.error().message));
      } else {
        Message message = classify(*value);
        switch (message.kind) {
          case MessageKind::invalid:
            writer.write(make_error(message.id, rpc::kInvalidRequest, "Invalid Request: " + message.problem));
            break;
          case MessageKind::notification:
            dispatcher.handle_notification(session, message);
            break;
          case MessageKind::response:
            dispatcher.handle_response(session, message);
            break;
          case MessageKind::request:
            if (Dispatcher::streams(message)) {
              workers.spawn([&dispatcher, &session, &writer, outbound, message = std::move(message)] {
                if (auto reply = dispatcher.handle_request(session, message, outbound)) writer.write(*reply);
              });
            } else if (auto reply = dispatcher.handle_request(session, message, outbound)) {
              writer.write(*reply);
            }
            break;
        }
      }
    }
    if (line.eof) break;
  }
  spdlog::debug("mcp: stdin closed; finishing {} request(s)", workers.running());
  workers.wait_idle();
}

}  // namespace vellum::mcp
