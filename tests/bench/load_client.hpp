// An in-tree HTTP/1.1 load client on Boost.Beast: N keep-alive connections on one I/O thread, each
// sending its next request as soon as the previous answer is read (closed loop), until a request
// budget or a deadline is reached — whichever comes first, so a run always ends by itself.
//
// run_load sends the same kind of request on every connection and counts any 2xx as a success.
// run_scripted_load gives each connection its own conversation, for protocols that keep state per
// client: unmeasured setup exchanges first (an MCP session's initialize), then the measured loop,
// every reply judged by the script (a JSON-RPC error inside a 200 is a failure too).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bench/latency.hpp"

namespace vellum::bench {

using Fields = std::vector<std::pair<std::string, std::string>>;

struct LoadRequest {
  std::string method = "GET";
  std::string target;
  std::string body;  // sent as application/json when not empty
  Fields headers;    // besides Host, Authorization and Content-Type
};

// Builds request number `n` (0, 1, 2 … across all connections); called on the I/O thread.
using RequestFactory = std::function<LoadRequest(std::uint64_t n)>;

struct LoadReply {
  unsigned status = 0;
  Fields headers;
  std::string body;
  // A header's value, "" when absent; names are case-insensitive.
  [[nodiscard]] std::string header(std::string_view name) const;
};

// "" when the reply is a success, otherwise why it is not (the first such reason is kept).
using ReplyCheck = std::function<std::string(const LoadReply&)>;

// An unmeasured exchange before a connection's closed loop. The request is built when it is sent, so
// it can use what an earlier step's `accept` kept (a session id).
struct SetupStep {
  std::function<LoadRequest()> request;
  ReplyCheck accept;
};

// One connection's conversation. A failed setup step ends the connection and counts as a failure.
struct ConnectionScript {
  std::vector<SetupStep> setup;
  RequestFactory next;
  ReplyCheck check;  // empty: any 2xx is a success
};

// Builds the script of connection `index` (0 … connections-1); called on the I/O thread.
using ScriptFactory = std::function<ConnectionScript(std::size_t index)>;

struct LoadOptions {
  std::uint16_t port = 0;
  std::string bearer_token;
  std::size_t connections = 16;
  std::uint64_t max_requests = 100'000;  // measured requests; setup steps are not counted
  std::chrono::milliseconds max_duration{10'000};
};

struct LoadResult {
  std::uint64_t ok = 0;      // successes (2xx, or what the script's check accepts)
  std::uint64_t failed = 0;  // other answers, transport errors and failed setup steps
  std::string first_failure;
  double seconds = 0;
  Latencies latencies;  // of every answered measured request

  [[nodiscard]] double per_second() const { return seconds > 0 ? static_cast<double>(ok + failed) / seconds : 0; }
};

LoadResult run_load(const LoadOptions& options, const RequestFactory& next);
LoadResult run_scripted_load(const LoadOptions& options, const ScriptFactory& scripts);

}  // namespace vellum::bench
