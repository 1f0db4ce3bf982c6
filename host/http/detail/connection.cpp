#include "http/detail/connection.hpp"

#include <algorithm>
#include <limits>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/chunk_encode.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <spdlog/spdlog.h>

#include "common/redact.hpp"
#include "http/detail/request_framing.hpp"

namespace vellum::http::detail {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;

namespace {

// After an error response we stop sending but keep reading (and discarding) for a moment: closing
// with unread input makes the kernel send RST, and the client would lose the response we just wrote.
constexpr auto kLingerTime = std::chrono::milliseconds(500);
constexpr std::size_t kFirstReadSize = 4096;
constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

std::string address_of(const tcp::endpoint& endpoint) {
  auto address = endpoint.address();
  // A dual-stack "::" listener sees IPv4 clients as ::ffff:a.b.c.d; report them as a.b.c.d.
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return net::ip::make_address_v4(net::ip::v4_mapped, address.to_v6()).to_string();
  }
  return address.to_string();
}

std::string_view sv(beast::string_view s) noexcept { return {s.data(), s.size()}; }

}  // namespace

Connection::Connection(tcp::socket socket, std::shared_ptr<ServerState> state)
    : stream_(std::move(socket)), state_(std::move(state)), header_since_(std::chrono::steady_clock::now()) {
  beast::error_code ec;
  auto endpoint = stream_.socket().remote_endpoint(ec);
  if (!ec) {
    remote_address_ = address_of(endpoint);
    remote_port_ = endpoint.port();
  }
  // Chunked bodies have no size up front: count the announced chunk sizes and stop at the limit,
  // before the chunk's bytes are read.
  on_chunk_header_ = [this](std::uint64_t size, beast::string_view, beast::error_code& ec) {
    const std::uint64_t max = state_->options.max_body_bytes;
    const std::uint64_t room = std::numeric_limits<std::uint64_t>::max() - declared_body_;
    declared_body_ += std::min(size, room);
    if (declared_body_ > max) ec = bhttp::error::body_limit;
  };
}

Connection::~Connection() {
  if (id_ != 0) state_->remove(id_);
}

void Connection::start() {
  const auto registration = state_->add(shared_from_this(), remote_address_);
  id_ = registration.id;
  net::dispatch(stream_.get_executor(), [self = shared_from_this(), admission = registration.admission] {
    if (admission == Admission::admitted) return self->wait_for_request();
    self->refuse_connection(admission);
  });
}

void Connection::refuse_connection(Admission admission) {
  // Counted in the refusal log, not written to the access log: one line per refused connection is
  // what a flood of them would turn into.
  access_logged_ = false;
  const bool per_address = admission == Admission::over_address;
  state_->refusals.note(per_address ? Refusal::over_address : Refusal::over_total, remote_address_);
  Response refused = per_address ? Response::error(429, "Too many connections from your address")
                                 : Response::error(503, "Server busy");
  refused.headers.set("Retry-After", "1");
  refuse(std::move(refused));
}

void Connection::drain() {
  net::post(stream_.get_executor(), [self = shared_from_this()] {
    if (self->phase_ == Phase::idle) self->close_now();
  });
}

void Connection::force_close() {
  net::post(stream_.get_executor(), [self = shared_from_this()] { self->close_now(); });
}

// ---- reading ----------------------------------------------------------------------------------------

void Connection::wait_for_request() {
  if (closed_) return;
  phase_ = Phase::idle;
  if (state_->draining) return close_now();
  if (buffer_.size() > 0) return read_header();  // a pipelined request is already here
  // A new connection's header clock has run since it was accepted. A kept-alive one may stay quiet
  // for the idle timeout; its header clock starts with the next request's first byte.
  const auto& options = state_->options;
  if (responses_ == 0) {
    stream_.expires_at(header_since_ + std::min(options.idle_timeout, options.header_timeout));
  } else {
    stream_.expires_after(options.idle_timeout);
  }
  stream_.async_read_some(buffer_.prepare(kFirstReadSize),
                          [self = shared_from_this()](const beast::error_code& ec, std::size_t n) {
                            if (ec) return self->close_now();
                            self->buffer_.commit(n);
                            self->read_header();
                          });
}

void Connection::read_header() {
  phase_ = Phase::reading;
  started_ = std::chrono::steady_clock::now();
  if (responses_ > 0) header_since_ = started_;
  request_ = Request{};
  request_.remote_address = remote_address_;
  request_.remote_port = remote_port_;
  declared_body_ = 0;
  parser_.emplace();
  parser_->header_limit(static_cast<std::uint32_t>(
      std::min<std::size_t>(state_->options.max_header_bytes, std::numeric_limits<std::uint32_t>::max())));
  parser_->body_limit(boost::none);  // enforced here: Content-Length in on_header, chunked in on_chunk_header_
  parser_->on_chunk_header(on_chunk_header_);
  // The header must be complete by the header deadline, the whole request by the read deadline.
  stream_.expires_at(std::min(header_since_ + state_->options.header_timeout, started_ + state_->options.read_timeout));
  bhttp::async_read_header(stream_, buffer_, *parser_,
                           [self = shared_from_this()](const beast::error_code& ec, std::size_t) {
                             self->on_header(ec);
                           });
}

void Connection::on_header(const beast::error_code& ec) {
  if (ec) return on_read_error(ec);
  const auto& message = parser_->get();
  request_.method = std::string(sv(message.method_string()));
  request_.target = std::string(sv(message.target()));
  request_.version = message.version();
  if (request_.target.size() > state_->options.max_url_length) return refuse(Response::error(414, "URI too long"));
  // Before a byte of the body is read: with faulty framing the body could pass for another request.
  if (auto problem = framing_problem(message); !problem.empty()) {
    spdlog::debug("http: refused a request from {}: {}", remote_address_, problem);
    return refuse(Response::error(400, problem));
  }
  if (auto length = parser_->content_length(); length && *length > state_->options.max_body_bytes) {
    return refuse(too_large(state_->options.max_body_bytes, *length));
  }
  if (parser_->is_done()) return dispatch();
  stream_.expires_at(started_ + state_->options.read_timeout);  // the header deadline is met
  if (iequals(sv(message[bhttp::field::expect]), "100-continue")) {
    // The client waits for this before sending the body (curl does for large uploads).
    net::async_write(stream_, net::buffer(kContinue.data(), kContinue.size()),
                     [self = shared_from_this()](const beast::error_code& write_ec, std::size_t) {
                       if (write_ec) return self->close_now();
                       self->read_body();
                     });
    return;
  }
  read_body();
}

void Connection::read_body() {
  // The read deadline set in on_header still runs: header and body share one read timeout.
  bhttp::async_read(stream_, buffer_, *parser_, [self = shared_from_this()](const beast::error_code& ec, std::size_t) {
    if (ec) return self->on_read_error(ec);
    self->dispatch();
  });
}

void Connection::on_read_error(const beast::error_code& ec) {
  if (ec == bhttp::error::header_limit) {
    return refuse(request_line_too_long() ? Response::error(414, "URI too long")
                                          : Response::error(431, "Request header fields too large"));
  }
  if (ec == bhttp::error::body_limit) return refuse(too_large(state_->options.max_body_bytes, declared_body_));
  if (status_for_read_error(ec) == 400) {
    spdlog::debug("http: malformed request from {}: {}", remote_address_, ec.message());
    return refuse(Response::error(400, "Bad request"));
  }
  close_now();  // timeout, reset, end of stream: nobody is waiting for an answer
}

bool Connection::request_line_too_long() const {
  // The parser fills in the target as soon as the request line is complete. Without one, the
  // request line alone overflowed the header limit: that is a long URL, not many fields.
  const auto target = parser_->get().target();
  return target.empty() || target.size() > state_->options.max_url_length;
}

void Connection::dispatch() {
  phase_ = Phase::handling;
  stream_.expires_never();  // the handler's time is not the client's fault
  keep_alive_ = parser_->get().keep_alive();
  const bool parsed = to_request(parser_->release(), request_);
  parser_.reset();
  if (!parsed) return refuse(Response::error(400, "Invalid request target"));
  net::post(state_->pool_for(request_), [self = shared_from_this()] {
    Response response = self->run_handler();
    net::post(self->stream_.get_executor(),
              [self, response = std::move(response)]() mutable { self->respond(std::move(response)); });
  });
}

// ---- handling ---------------------------------------------------------------------------------------

Response Connection::run_handler() {
  Response response;
  try {
    response = state_->handler(request_);
  } catch (const std::exception& e) {
    spdlog::error("http: handler for {} {} threw: {}", request_.method, redact_target(request_.path), e.what());
    response = internal_error();
  } catch (...) {
    spdlog::error("http: handler for {} {} threw a non-exception", request_.method, redact_target(request_.path));
    response = internal_error();
  }
  apply_hook(response);
  return response;
}

void Connection::apply_hook(Response& response) {
  if (!state_->hook) return;
  try {
    state_->hook(request_, response);
  } catch (const std::exception& e) {
    spdlog::error("http: response hook threw: {}", e.what());
    response = internal_error();
  } catch (...) {
    spdlog::error("http: response hook threw a non-exception");
    response = internal_error();
  }
}

// ---- writing ----------------------------------------------------------------------------------------

void Connection::refuse(Response response) {
  // The rest of the request is unread (or garbage): this connection cannot carry another one.
  keep_alive_ = false;
  if (started_ == std::chrono::steady_clock::time_point{}) started_ = std::chrono::steady_clock::now();
  parser_.reset();
  apply_hook(response);
  respond(std::move(response));
}

void Connection::respond(Response response) {
  if (closed_) return;  // force-closed while the handler ran
  phase_ = Phase::writing;
  status_ = response.status;
  const bool keep_alive = keep_alive_ && !state_->draining;
  close_after_ = !keep_alive;
  if (response.streaming()) return write_stream(std::move(response), keep_alive);
  response_.emplace(to_beast(std::move(response), request_.version, keep_alive, request_.method == "HEAD"));
  stream_.expires_after(state_->options.write_timeout);
  bhttp::async_write(stream_, *response_, [self = shared_from_this()](const beast::error_code& ec, std::size_t) {
    self->on_written(ec);
  });
}

void Connection::on_written(const beast::error_code& ec) {
  response_.reset();
  state_->requests.fetch_add(1, std::memory_order_relaxed);
  ++responses_;
  if (access_logged_) log_access();
  if (ec) return close_now();
  if (close_after_) return linger_close();
  wait_for_request();
}

void Connection::write_stream(Response response, bool keep_alive) {
  // HTTP/1.0 has no chunked encoding: the body ends when the connection does.
  chunked_ = request_.version >= 11;
  if (!chunked_) close_after_ = true;
  head_only_ = request_.method == "HEAD";
  producer_ = std::move(response.producer);
  stream_header_.emplace(to_stream_header(response, request_.version, keep_alive && chunked_, chunked_));
  serializer_.emplace(*stream_header_);
  stream_.expires_after(state_->options.write_timeout);
  bhttp::async_write_header(stream_, *serializer_,
                            [self = shared_from_this()](const beast::error_code& ec, std::size_t) {
                              if (ec || self->head_only_) return self->finish_stream(ec);
                              self->produce();
                            });
}

void Connection::produce() {
  net::post(state_->handler_pool, [self = shared_from_this()] {
    self->chunk_.clear();
    bool more = false;
    bool failed = false;
    try {
      more = self->producer_(self->chunk_);
    } catch (const std::exception& e) {
      spdlog::error("http: body producer for {} {} threw: {}", self->request_.method,
                    redact_target(self->request_.path), e.what());
      failed = true;
    } catch (...) {
      spdlog::error("http: body producer for {} {} threw a non-exception", self->request_.method,
                    redact_target(self->request_.path));
      failed = true;
    }
    net::post(self->stream_.get_executor(), [self, more, failed] { self->write_chunk(more, failed); });
  });
}

void Connection::write_chunk(bool more, bool failed) {
  if (closed_) return;  // the client left or the server force-closed: stop calling the producer
  if (failed) {
    // The status line is gone already; an unterminated body is the only way left to say "broken".
    producer_ = nullptr;
    return close_now();
  }
  if (chunk_.empty()) return more ? produce() : write_last_chunk();
  auto next = [self = shared_from_this(), more](const beast::error_code& ec, std::size_t) {
    if (ec) return self->finish_stream(ec);
    if (more) return self->produce();
    self->write_last_chunk();
  };
  stream_.expires_after(state_->options.write_timeout);
  if (chunked_) {
    net::async_write(stream_, bhttp::make_chunk(net::buffer(chunk_)), std::move(next));
  } else {
    net::async_write(stream_, net::buffer(chunk_), std::move(next));
  }
}

void Connection::write_last_chunk() {
  if (!chunked_) return finish_stream({});
  stream_.expires_after(state_->options.write_timeout);
  net::async_write(stream_, bhttp::make_chunk_last(),
                   [self = shared_from_this()](const beast::error_code& ec, std::size_t) { self->finish_stream(ec); });
}

void Connection::finish_stream(const beast::error_code& ec) {
  producer_ = nullptr;
  serializer_.reset();
  stream_header_.reset();
  chunk_.clear();
  on_written(ec);
}

// ---- closing ----------------------------------------------------------------------------------------

void Connection::linger_close() {
  phase_ = Phase::closing;
  beast::error_code ignored;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  stream_.expires_after(kLingerTime);
  discard_input();
}

void Connection::discard_input() {
  stream_.async_read_some(net::buffer(discard_), [self = shared_from_this()](const beast::error_code& ec, std::size_t) {
    if (ec) return self->close_now();  // EOF from the client, or the linger time is up
    self->discard_input();
  });
}

void Connection::close_now() {
  if (closed_) return;
  closed_ = true;
  beast::error_code ignored;
  stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
  stream_.close();
}

void Connection::log_access() const {
  const auto elapsed = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started_);
  // The path without the query: queries carry search text that does not belong in logs. Paths carry
  // keys (DELETE /api/access-tokens/sk-md-…), hence the redaction.
  const std::string_view path = !request_.path.empty() ? std::string_view(request_.path)
                                : !request_.target.empty() ? std::string_view(request_.target).substr(0, request_.target.find('?'))
                                                           : std::string_view("-");
  spdlog::info("{} {} {} {:.1f}ms", request_.method.empty() ? "-" : request_.method, redact_target(path), status_,
               elapsed.count());
}

}  // namespace vellum::http::detail
