// What the HTTP server listens on, how many threads it runs and the limits it enforces on clients.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "http/request.hpp"

namespace vellum::http {

struct ServerOptions {
  std::string host = "127.0.0.1";  // an IP address; "0.0.0.0" for all IPv4, "::" for IPv6 and IPv4
  std::uint16_t port = 0;          // 0: the kernel picks a free port; Server::port() reports it

  // Handlers run on their own pool so a slow handler (SQLite busy, an embedding call) never stalls
  // accepting, timeouts or keep-alive bookkeeping, which run on the I/O threads.
  unsigned threads = 0;     // handler threads; 0 = std::thread::hardware_concurrency()
  unsigned io_threads = 0;  // socket threads; 0 = one per four cores, at least one
  // Requests for which this answers true may wait on something outside the process (an embedding
  // provider embedding a search query, a write under the synchronous queue). They run on a pool of
  // their own, so a provider that hangs holds up only them, never /health, reads or other writes.
  // Called on an I/O thread for every request: it must be quick and must not block.
  std::function<bool(const Request&)> may_wait_on_provider;
  unsigned provider_threads = 0;  // that pool's threads; 0 = four per handler thread, at least eight

  std::size_t max_body_bytes = 10 * 1024 * 1024;  // 413 beyond (Content-Length or chunked total)
  std::size_t max_header_bytes = 16 * 1024;       // request line + fields; 431 beyond
  std::size_t max_url_length = 8 * 1024;          // request-target; 414 beyond
  std::size_t max_connections = 1024;             // open connections in all; more get 503 and are closed
  // Open connections from one peer address; more get 429 and are closed, so one client cannot take
  // every slot. 0 = no per-address limit (behind a reverse proxy every client has the proxy's address).
  std::size_t max_connections_per_address = 64;

  // From the first byte of a request to its last: a slowloris client trickling a header or body is
  // disconnected when this expires, whatever its pace.
  std::chrono::milliseconds read_timeout{30'000};
  // From accepting a connection to the end of its first request header; on a keep-alive connection,
  // from a request's first byte to the end of its header. Short, so that sockets opened and left
  // silent (or trickling a header) cannot hold connection slots for the idle or read timeout.
  std::chrono::milliseconds header_timeout{10'000};
  // How long a keep-alive connection may sit between requests (a new one: see header_timeout).
  std::chrono::milliseconds idle_timeout{60'000};
  // How long a client may take to accept one response (or one streamed chunk).
  std::chrono::milliseconds write_timeout{30'000};

  // Refused connections and failed accepts are summed up in at most one warning per interval: a
  // flood of them must not become a flood of log lines.
  std::chrono::milliseconds refusal_log_interval{10'000};
};

}  // namespace vellum::http
