// What every connection shares with the server: options, the handler and its pool, the registry of
// open connections (for the cap and for draining) and counters. Internal; includes Asio.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include <boost/asio/thread_pool.hpp>

#include "http/server.hpp"

namespace vellum::http::detail {

class Connection;

struct ServerState {
  ServerState(ServerOptions opts, RequestHandler request_handler, ResponseHook response_hook, unsigned threads)
      : options(std::move(opts)),
        handler(std::move(request_handler)),
        hook(std::move(response_hook)),
        handler_pool(threads) {}

  const ServerOptions options;
  const RequestHandler handler;
  const ResponseHook hook;
  boost::asio::thread_pool handler_pool;

  std::atomic<bool> draining{false};  // set once by stop(): no new requests are read
  std::atomic<std::uint64_t> accepted{0};
  std::atomic<std::uint64_t> requests{0};

  // Registers a connection; returns its id and how many were open before it.
  std::pair<std::uint64_t, std::size_t> add(const std::shared_ptr<Connection>& connection);
  // Called from ~Connection.
  void remove(std::uint64_t id);
  [[nodiscard]] std::size_t open() const;
  [[nodiscard]] std::vector<std::shared_ptr<Connection>> snapshot() const;
  // Waits until no connection is open or `deadline` passes; true if none is open.
  bool wait_until_closed(std::chrono::steady_clock::time_point deadline);

 private:
  mutable std::mutex mutex_;
  std::condition_variable closed_;
  std::unordered_map<std::uint64_t, std::weak_ptr<Connection>> connections_;
  std::uint64_t next_id_ = 1;
};

}  // namespace vellum::http::detail
