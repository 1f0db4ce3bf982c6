#include "bench/load_client.hpp"

#include <memory>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace vellum::bench {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

// Counters shared by the connections; all on the one I/O thread, so no locking.
struct Shared {
  const LoadOptions& options;
  Clock::time_point deadline;
  std::uint64_t issued = 0;
  LoadResult result;

  bool budget_left() {
    return issued < options.max_requests && Clock::now() < deadline;
  }
  void fail(const std::string& why) {
    if (result.failed++ == 0) result.first_failure = why;
  }
};

std::string to_string(beast::string_view text) { return {text.data(), text.size()}; }

LoadReply to_reply(bhttp::response<bhttp::string_body>& response) {
  LoadReply reply;
  reply.status = response.result_int();
  for (const auto& field : response) reply.headers.emplace_back(to_string(field.name_string()), to_string(field.value()));
  reply.body = std::move(response.body());
  return reply;
}

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(asio::io_context& io, Shared& shared, ConnectionScript script)
      : stream_(io), shared_(shared), script_(std::move(script)) {}

  void start(const tcp::endpoint& endpoint) {
    stream_.async_connect(endpoint, [self = shared_from_this()](beast::error_code ec) {
      if (ec) return self->shared_.fail("connect: " + ec.message());
      self->send();
    });
  }

 private:
  [[nodiscard]] bool in_setup() const { return setup_done_ < script_.setup.size(); }

  void send() {
    if (!shared_.budget_left()) return;  // the connection ends; the io_context runs out of work
    const auto spec = in_setup() ? script_.setup[setup_done_].request() : script_.next(shared_.issued++);
    request_ = {};
    request_.method_string(spec.method);
    request_.target(spec.target);
    request_.version(11);
    request_.set(bhttp::field::host, "127.0.0.1");
    request_.set(bhttp::field::authorization, "Bearer " + shared_.options.bearer_token);
    if (!spec.body.empty()) request_.set(bhttp::field::content_type, "application/json");
    for (const auto& [name, value] : spec.headers) request_.set(name, value);
    request_.body() = spec.body;
    request_.prepare_payload();
    started_ = Clock::now();
    bhttp::async_write(stream_, request_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return self->shared_.fail("write: " + ec.message());
      self->receive();
    });
  }

  void receive() {
    response_ = {};
    bhttp::async_read(stream_, buffer_, response_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return self->shared_.fail("read: " + ec.message());
      const bool keep_alive = self->response_.keep_alive();
      if (!self->judge()) return;  // a failed setup step: this connection cannot go on
      if (!keep_alive) return self->shared_.fail("server closed the connection");
      self->send();
    });
  }

  // Counts the answer just read; false when it ends the connection.
  bool judge() {
    if (in_setup()) {
      const auto problem = script_.setup[setup_done_].accept(to_reply(response_));
      if (!problem.empty()) {
        shared_.fail("setup step " + std::to_string(setup_done_ + 1) + ": " + problem);
        return false;
      }
      ++setup_done_;
      return true;
    }
    shared_.result.latencies.add(Clock::now() - started_);
    const auto problem = script_.check ? script_.check(to_reply(response_)) : status_problem();
    if (problem.empty()) {
      ++shared_.result.ok;
    } else {
      shared_.fail(problem);
    }
    return true;
  }

  // The plain check, without copying the reply: any 2xx.
  [[nodiscard]] std::string status_problem() const {
    const auto status = response_.result_int();
    if (status >= 200 && status < 300) return {};
    return "HTTP " + std::to_string(status) + ": " + response_.body().substr(0, 200);
  }

  beast::tcp_stream stream_;
  Shared& shared_;
  ConnectionScript script_;
  std::size_t setup_done_ = 0;
  beast::flat_buffer buffer_;
  bhttp::request<bhttp::string_body> request_;
  bhttp::response<bhttp::string_body> response_;
  Clock::time_point started_;
};

}  // namespace

std::string LoadReply::header(std::string_view name) const {
  for (const auto& [field, value] : headers) {
    if (beast::iequals(field, name)) return value;
  }
  return {};
}

LoadResult run_scripted_load(const LoadOptions& options, const ScriptFactory& scripts) {
  asio::io_context io(1);
  const auto start = Clock::now();
  Shared shared{options, start + options.max_duration};
  shared.result.latencies.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(options.max_requests, 4'000'000)));
  const tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), options.port);
  for (std::size_t i = 0; i < options.connections; ++i) {
    std::make_shared<Connection>(io, shared, scripts(i))->start(endpoint);
  }
  io.run();
  shared.result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return std::move(shared.result);
}

LoadResult run_load(const LoadOptions& options, const RequestFactory& next) {
  return run_scripted_load(options, [&next](std::size_t) { return ConnectionScript{{}, next, {}}; });
}

}  // namespace vellum::bench
