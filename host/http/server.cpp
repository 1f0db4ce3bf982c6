#include "http/server.hpp"

#include <algorithm>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/v6_only.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <spdlog/spdlog.h>

#include "http/detail/connection.hpp"
#include "http/detail/server_state.hpp"

namespace vellum::http {

namespace net = boost::asio;
using tcp = net::ip::tcp;
using sdk::Error;
using sdk::ErrorKind;

namespace {

unsigned hardware_threads() { return std::max(1u, std::thread::hardware_concurrency()); }

// After a failed accept (out of file descriptors, typically) wait before trying again instead of spinning.
constexpr auto kAcceptRetryDelay = std::chrono::milliseconds(50);

// How long stop() waits, after force-closing, for the I/O threads to finish closing sockets.
constexpr auto kCloseGrace = std::chrono::seconds(2);

}  // namespace

struct Server::Impl {
  Impl(ServerOptions o, RequestHandler h, ResponseHook k)
      : options(std::move(o)), handler(std::move(h)), hook(std::move(k)) {}

  sdk::Status start();
  void stop(std::chrono::milliseconds drain_deadline);
  void accept();
  void run_io();

  ServerOptions options;
  RequestHandler handler;
  ResponseHook hook;

  // Declared before the io_context so that it is destroyed after it: handlers still queued in the
  // io_context hold connections, which hold the state.
  std::shared_ptr<detail::ServerState> state;
  net::io_context ioc;
  std::optional<net::executor_work_guard<net::io_context::executor_type>> work;
  // The acceptor and its retry timer share a strand so stop() can close them from any thread.
  tcp::acceptor acceptor{net::make_strand(ioc)};
  net::steady_timer accept_retry{acceptor.get_executor()};
  std::vector<std::thread> io_threads;
  std::atomic<std::uint16_t> port{0};

  std::mutex lifecycle;
  bool started = false;
  bool stopped = false;
};

sdk::Status Server::Impl::start() {
  std::lock_guard lock(lifecycle);
  if (started) return Error(ErrorKind::conflict, "http: server already started");

  boost::system::error_code ec;
  const auto address = net::ip::make_address(options.host, ec);
  if (ec) return Error(ErrorKind::invalid_argument, "http: listen host must be an IP address, got '" + options.host + "'");
  const tcp::endpoint endpoint(address, options.port);
  const std::string where = options.host + ":" + std::to_string(options.port);

  acceptor.open(endpoint.protocol(), ec);
  if (!ec && address.is_v6()) acceptor.set_option(net::ip::v6_only(false), ec);  // "::" serves IPv4 too
  if (!ec) acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    acceptor.close(ec);
    return Error(ErrorKind::unavailable, "http: cannot listen on " + where + ": " + ec.message());
  }
  port = acceptor.local_endpoint().port();

  const unsigned handler_threads = options.threads != 0 ? options.threads : hardware_threads();
  const unsigned socket_threads = options.io_threads != 0 ? options.io_threads : std::max(1u, hardware_threads() / 4);
  const unsigned provider_threads = !options.may_wait_on_provider ? 1u
                                    : options.provider_threads != 0 ? options.provider_threads
                                                                    : std::max(8u, 4 * handler_threads);
  state = std::make_shared<detail::ServerState>(options, handler, hook, handler_threads, provider_threads);
  work.emplace(net::make_work_guard(ioc));
  accept();
  for (unsigned i = 0; i < socket_threads; ++i) io_threads.emplace_back([this] { run_io(); });
  started = true;
  spdlog::info("http: listening on {} port {} ({} I/O threads, {} handler threads, {} for requests that may wait "
               "on a provider)",
               options.host, port.load(), socket_threads, handler_threads,
               options.may_wait_on_provider ? provider_threads : 0);
  return sdk::ok_status();
}

void Server::Impl::run_io() {
  // Handlers guard themselves; this catch is the last line so that no request can end the process.
  while (true) {
    try {
      ioc.run();
      return;
    } catch (const std::exception& e) {
      spdlog::error("http: unexpected exception on an I/O thread: {}", e.what());
    } catch (...) {
      spdlog::error("http: unexpected non-exception on an I/O thread");
    }
  }
}

void Server::Impl::accept() {
  acceptor.async_accept(net::make_strand(ioc), [this](const boost::system::error_code& ec, tcp::socket socket) {
    if (!acceptor.is_open() || state->draining) return;  // stopping; the socket closes itself
    if (ec) {
      // Out of file descriptors, typically, and then again every retry: summed up, not one line each.
      state->refusals.note(detail::Refusal::accept_failed, ec.message());
      accept_retry.expires_after(kAcceptRetryDelay);
      accept_retry.async_wait([this](const boost::system::error_code& wait_ec) {
        if (!wait_ec) accept();
      });
      return;
    }
    state->accepted.fetch_add(1, std::memory_order_relaxed);
    // Streamed replies (MCP's SSE) go out in several small writes; with Nagle on, each waits for the
    // client's delayed ACK of the last, about 40 ms per reply on a keep-alive connection.
    boost::system::error_code nodelay_ec;
    socket.set_option(tcp::no_delay(true), nodelay_ec);
    std::make_shared<detail::Connection>(std::move(socket), state)->start();
    accept();
  });
}

void Server::Impl::stop(std::chrono::milliseconds drain_deadline) {
  std::lock_guard lock(lifecycle);
  if (!started || stopped) return;
  stopped = true;
  const auto deadline = std::chrono::steady_clock::now() + drain_deadline;

  state->draining = true;
  net::post(acceptor.get_executor(), [this] {
    boost::system::error_code ignored;
    acceptor.close(ignored);
    accept_retry.cancel();
  });
  for (const auto& connection : state->snapshot()) connection->drain();

  if (!state->wait_until_closed(deadline)) {
    spdlog::warn("http: {} connection(s) still busy at the drain deadline; closing them", state->open());
    for (const auto& connection : state->snapshot()) connection->force_close();
  }
  // Handlers still running are waited for; their responses find the socket closed.
  state->handler_pool.join();
  state->provider_pool.join();
  // Let the I/O threads run the closes posted above before they stop.
  if (!state->wait_until_closed(std::chrono::steady_clock::now() + kCloseGrace)) {
    spdlog::warn("http: {} connection(s) did not close; abandoning them", state->open());
  }
  work.reset();
  ioc.stop();
  for (auto& thread : io_threads) thread.join();
  io_threads.clear();
  state->refusals.flush();
  spdlog::info("http: stopped ({} requests served)", state->requests.load());
}

Server::Server(ServerOptions options, RequestHandler handler, ResponseHook hook)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler), std::move(hook))) {}

Server::~Server() { stop(std::chrono::milliseconds(0)); }

sdk::Status Server::start() { return impl_->start(); }

std::uint16_t Server::port() const noexcept { return impl_->port.load(); }

void Server::stop(std::chrono::milliseconds drain_deadline) { impl_->stop(drain_deadline); }

ServerStats Server::stats() const noexcept {
  const auto& state = impl_->state;
  if (!state) return {};
  return {state->accepted.load(), state->open(), state->requests.load()};
}

}  // namespace vellum::http
