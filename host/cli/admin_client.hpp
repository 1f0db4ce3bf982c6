// Requests to a running server's API with the admin token, for the commands that act on a live
// server rather than on its database (`vellum reload`, `vellum verify`). Proxies are bypassed for
// loopback addresses.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "vellum/sdk/result.hpp"

namespace vellum::cli {

struct ServerRequest {
  std::string method = "GET";
  std::string path;                                          // with its query
  std::string body;                                          // sent when not empty (and always for POST)
  std::vector<std::pair<std::string, std::string>> headers;  // besides Authorization
  bool authorize = true;                                     // send the admin token
};

struct ServerAnswer {
  long status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // names in lower case; the last of repeated ones
  std::chrono::microseconds elapsed{0};        // from sending to the whole answer
};

// An error (kind unavailable) when no answer arrived: nothing listening, timed out, reset.
[[nodiscard]] sdk::Result<ServerAnswer> call_server(const std::string& base_url, const std::string& admin_token,
                                                    const ServerRequest& request, std::chrono::seconds timeout);

[[nodiscard]] inline sdk::Result<ServerAnswer> call_server(const std::string& base_url, const std::string& admin_token,
                                                           const std::string& method, const std::string& path,
                                                           std::chrono::seconds timeout) {
  return call_server(base_url, admin_token, ServerRequest{method, path, {}, {}, true}, timeout);
}

}  // namespace vellum::cli
