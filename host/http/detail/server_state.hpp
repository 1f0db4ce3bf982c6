// What every connection shares with the server: options, the handler and its pool, the registry of
// open connections (for the caps and for draining), the refusal log and counters. Internal; includes Asio.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include <boost/asio/thread_pool.hpp>

#include "http/detail/refusal_log.hpp"
#include "http/server.hpp"

namespace vellum::http::detail {

class Connection;

enum class Admission { admitted, over_total, over_address };

struct ServerState {
  ServerState(ServerOptions opts, RequestHandler request_handler, ResponseHook response_hook, unsigned threads,
              unsigned provider_threads)
      : options(std::move(opts)),
        handler(std::move(request_handler)),
        hook(std::move(response_hook)),
        handler_pool(threads),
        provider_pool(provider_threads),
        refusals(options) {}

  const ServerOptions options;
  const RequestHandler handler;
  const ResponseHook hook;
  boost::asio::thread_pool handler_pool;
  boost::asio::thread_pool provider_pool;  // requests options.may_wait_on_provider picks
  RefusalLog refusals;  // after options: it reads them

  std::atomic<bool> draining{false};  // set once by stop(): no new requests are read
  std::atomic<std::uint64_t> accepted{0};
  std::atomic<std::uint64_t> requests{0};

  struct Registration {
    std::uint64_t id = 0;
    Admission admission = Admission::admitted;
  };
  // Registers a connection from `address` (every one, so that stop() can close it) and decides
  // whether it fits under max_connections and max_connections_per_address. One that does not is
  // answered and closed, and takes no slot meanwhile: refusals cannot crowd out admitted clients.
  Registration add(const std::shared_ptr<Connection>& connection, const std::string& address);
  // Called from ~Connection; frees its slot.
  void remove(std::uint64_t id);
  [[nodiscard]] std::size_t open() const;
  [[nodiscard]] std::vector<std::shared_ptr<Connection>> snapshot() const;
  // The pool `request` runs on: the provider pool when it may wait on a provider.
  [[nodiscard]] boost::asio::thread_pool& pool_for(const Request& request);
  // Waits until no connection is open or `deadline` passes; true if none is open.
  bool wait_until_closed(std::chrono::steady_clock::time_point deadline);

 private:
  struct Entry {
    std::weak_ptr<Connection> connection;
    std::string address;
    bool admitted = false;
  };

  mutable std::mutex mutex_;
  std::condition_variable closed_;
  std::unordered_map<std::uint64_t, Entry> connections_;
  std::unordered_map<std::string, std::size_t> admitted_per_address_;
  std::size_t admitted_ = 0;
  std::uint64_t next_id_ = 1;
};

}  // namespace vellum::http::detail
