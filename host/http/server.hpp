// The HTTP/1.1 server: keep-alive, limits, timeouts, graceful drain. Beast stays behind the pimpl so
// including this header costs nothing.
//
//   http::Router router;
//   router.add("GET", "/api/articles/:slug", get_article);
//   http::Server server(options, [&router](http::Request& r) { return router.handle(r); });
//   if (auto started = server.start(); !started) { ... started.error().message ... }
//   ...
//   server.stop(std::chrono::seconds(10));
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>

#include "http/request.hpp"
#include "http/response.hpp"
#include "http/server_options.hpp"
#include "vellum/sdk/result.hpp"

namespace vellum::http {

// The server's entry point for every well-formed request. It receives the request by mutable
// reference so a router can fill in path parameters without copying the body.
using RequestHandler = std::function<Response(Request&)>;

// Applied to every response the server sends, including its own 400/404/413/431/500/503, e.g. to add
// security headers. For requests the server refused before parsing them fully, `request` carries what
// was known (often nothing but the remote address).
using ResponseHook = std::function<void(const Request&, Response&)>;

struct ServerStats {
  std::uint64_t accepted_connections = 0;  // since start
  std::uint64_t open_connections = 0;      // now
  std::uint64_t requests = 0;              // responses written since start
};

class Server {
 public:
  Server(ServerOptions options, RequestHandler handler, ResponseHook hook = {});
  ~Server();  // stop(0) when still running
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds, listens and starts the threads. Fails (invalid_argument / unavailable) when the address is
  // not an IP or cannot be bound. Call once.
  sdk::Status start();

  // The bound port (the real one when options.port was 0); 0 before start().
  [[nodiscard]] std::uint16_t port() const noexcept;

  // Stops accepting, closes idle keep-alive connections at once, lets requests in flight finish
  // (their responses say Connection: close) until `drain_deadline`, then force-closes the rest and
  // joins the threads. A handler still running is waited for (a function cannot be interrupted),
  // but its client is already disconnected. Idempotent.
  void stop(std::chrono::milliseconds drain_deadline = std::chrono::seconds(10));

  [[nodiscard]] ServerStats stats() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace vellum::http
