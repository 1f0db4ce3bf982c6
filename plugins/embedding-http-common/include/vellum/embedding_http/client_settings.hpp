// The settings every HTTP provider shares (timeouts, limits, extra headers, rate and concurrency),
// read from the plugin's validated section. Each plugin's table declares these keys with its own
// defaults; the keys are:
//   dimensions, connect_timeout_ms, timeout_ms, max_inputs_per_call, max_tokens_per_input,
//   max_tokens_per_call, concurrency, requests_per_minute, tokens_per_minute, headers, truncate
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "vellum/embedding_http/batching.hpp"
#include "vellum/sdk/plugin_config.hpp"
#include "vellum/sdk/result.hpp"

namespace vellum::embedding_http {

struct ClientSettings {
  std::string section;   // "embedding.ollama": prefixes setting names in messages
  std::size_t dimensions = 0;
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds timeout{60'000};
  BatchLimits limits;
  std::size_t concurrency = 1;
  std::uint64_t requests_per_minute = 0;  // 0 = unlimited
  std::uint64_t tokens_per_minute = 0;
  std::vector<std::string> extra_headers;  // "Name: value"
};

// Fails (invalid_argument, naming the key) on a malformed `headers` entry or inconsistent limits.
[[nodiscard]] sdk::Result<ClientSettings> read_client_settings(const sdk::PluginConfig& config);

}  // namespace vellum::embedding_http
