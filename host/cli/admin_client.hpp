// One request to a running server's API with the admin token, for the commands that act on a live
// server rather than on its database (`vellum reload`). Proxies are bypassed for loopback addresses.
#pragma once

#include <chrono>
#include <string>

#include "vellum/sdk/result.hpp"

namespace vellum::cli {

struct ServerAnswer {
  long status = 0;
  std::string body;
};

// An error (kind unavailable) when no answer arrived: nothing listening, timed out, reset.
[[nodiscard]] sdk::Result<ServerAnswer> call_server(const std::string& base_url, const std::string& admin_token,
                                                    const std::string& method, const std::string& path,
                                                    std::chrono::seconds timeout);

}  // namespace vellum::cli
