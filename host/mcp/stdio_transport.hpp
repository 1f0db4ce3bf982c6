// The stdio transport (spec basic/transports): newline-delimited JSON-RPC on stdin and stdout, one
// session for the life of the process, nothing but protocol messages on stdout (logs go to stderr).
// tools/call runs on its own thread so notifications/cancelled and the client's replies to our
// questions can be read while it works; everything else is answered in order. At end of input the
// requests still running are finished and answered, then serve_stdio returns.
#pragma once

#include <cstddef>
#include <istream>
#include <ostream>

#include "http/auth.hpp"
#include "mcp/dispatcher.hpp"

namespace vellum::mcp {

struct StdioOptions {
  std::size_t max_message_bytes = 16 * 1024 * 1024;  // longer lines are refused (and skipped)
};

void serve_stdio(Dispatcher& dispatcher, const http::Caller& caller, std::istream& in, std::ostream& out,
                 StdioOptions options = {});

}  // namespace vellum::mcp
