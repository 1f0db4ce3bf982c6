// An in-tree HTTP/1.1 load client on Boost.Beast: N keep-alive connections on one I/O thread, each
// sending its next request as soon as the previous answer is read (closed loop), until a request
// budget or a deadline is reached — whichever comes first, so a run always ends by itself.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include "bench/latency.hpp"

namespace vellum::bench {

struct LoadRequest {
  std::string method = "GET";
  std::string target;
  std::string body;  // sent as application/json when not empty
};

// Builds request number `n` (0, 1, 2 … across all connections); called on the I/O thread.
using RequestFactory = std::function<LoadRequest(std::uint64_t n)>;

struct LoadOptions {
  std::uint16_t port = 0;
  std::string bearer_token;
  std::size_t connections = 16;
  std::uint64_t max_requests = 100'000;
  std::chrono::milliseconds max_duration{10'000};
};

struct LoadResult {
  std::uint64_t ok = 0;      // 2xx answers
  std::uint64_t failed = 0;  // other statuses and transport errors
  std::string first_failure;
  double seconds = 0;
  Latencies latencies;  // of every answered request

  [[nodiscard]] double per_second() const { return seconds > 0 ? static_cast<double>(ok + failed) / seconds : 0; }
};

LoadResult run_load(const LoadOptions& options, const RequestFactory& next);

}  // namespace vellum::bench
