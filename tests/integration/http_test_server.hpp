// A server on an ephemeral loopback port with routes registered up front, stopped on scope exit.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <stdexcept>

#include <spdlog/spdlog.h>

#include "http/router.hpp"
#include "http/server.hpp"

namespace vellum::test {

// Small limits and short timeouts so tests hit them quickly.
inline http::ServerOptions test_server_options() {
  http::ServerOptions options;
  options.host = "127.0.0.1";
  options.port = 0;
  options.threads = 4;
  options.io_threads = 2;
  options.max_body_bytes = 64 * 1024;
  options.max_header_bytes = 8 * 1024;
  options.max_url_length = 2 * 1024;
  options.read_timeout = std::chrono::seconds(5);
  options.idle_timeout = std::chrono::seconds(5);
  options.write_timeout = std::chrono::seconds(5);
  return options;
}

class TestServer {
 public:
  explicit TestServer(const std::function<void(http::Router&)>& routes,
                      http::ServerOptions options = test_server_options(), http::ResponseHook hook = {}) {
    spdlog::set_level(spdlog::level::warn);  // one access-log line per request would drown the output
    routes(router_);
    server_ = std::make_unique<http::Server>(
        std::move(options), [this](http::Request& request) { return router_.handle(request); }, std::move(hook));
    if (auto started = server_->start(); !started) throw std::runtime_error(started.error().message);
  }

  [[nodiscard]] std::uint16_t port() const { return server_->port(); }
  [[nodiscard]] http::Server& server() { return *server_; }

 private:
  http::Router router_;  // before server_: the server's handler refers to it until the server is gone
  std::unique_ptr<http::Server> server_;
};

}  // namespace vellum::test
