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
  const RequestFactory& next;
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

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(asio::io_context& io, Shared& shared) : stream_(io), shared_(shared) {}

  void start(const tcp::endpoint& endpoint) {
    stream_.async_connect(endpoint, [self = shared_from_this()](beast::error_code ec) {
      if (ec) return self->shared_.fail("connect: " + ec.message());
      self->send();
    });
  }

 private:
  void send() {
    if (!shared_.budget_left()) return;  // the connection ends; the io_context runs out of work
    const auto spec = shared_.next(shared_.issued++);
    request_ = {};
    request_.method_string(spec.method);
    request_.target(spec.target);
    request_.version(11);
    request_.set(bhttp::field::host, "127.0.0.1");
    request_.set(bhttp::field::authorization, "Bearer " + shared_.options.bearer_token);
    if (!spec.body.empty()) request_.set(bhttp::field::content_type, "application/json");
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
      self->shared_.result.latencies.add(Clock::now() - self->started_);
      const auto status = response_status(self->response_);
      if (status >= 200 && status < 300) {
        ++self->shared_.result.ok;
      } else {
        self->shared_.fail("HTTP " + std::to_string(status) + ": " + self->response_.body().substr(0, 200));
      }
      if (!self->response_.keep_alive()) return self->shared_.fail("server closed the connection");
      self->send();
    });
  }

  static unsigned response_status(const bhttp::response<bhttp::string_body>& r) { return r.result_int(); }

  beast::tcp_stream stream_;
  Shared& shared_;
  beast::flat_buffer buffer_;
  bhttp::request<bhttp::string_body> request_;
  bhttp::response<bhttp::string_body> response_;
  Clock::time_point started_;
};

}  // namespace

LoadResult run_load(const LoadOptions& options, const RequestFactory& next) {
  asio::io_context io(1);
  const auto start = Clock::now();
  Shared shared{options, next, start + options.max_duration};
  shared.result.latencies.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(options.max_requests, 4'000'000)));
  const tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), options.port);
  for (std::size_t i = 0; i < options.connections; ++i) std::make_shared<Connection>(io, shared)->start(endpoint);
  io.run();
  shared.result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return std::move(shared.result);
}

}  // namespace vellum::bench
