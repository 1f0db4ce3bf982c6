// What `vellum serve` composes around its router, without the sockets, for the libFuzzer targets: a
// SQLite file in a temporary directory, the local embedding plugin loaded through the real loader,
// the REST routes, the search routes and /mcp. Built once per process: libFuzzer runs every input in
// one process, and re-opening SQLite per input would spend the run on start-up.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "http/request.hpp"
#include "http/response.hpp"
#include "http/router.hpp"

namespace vellum::fuzz {

inline constexpr const char* kAdminToken = "fuzz-admin-token-0123456789";

struct Harness;
// Never destroyed: libFuzzer exits without unwinding.
[[nodiscard]] Harness& harness();
[[nodiscard]] http::Router& router(Harness& h);

// What `vellum mcp` writes for `input` as its standard input (one session, the admin as caller).
[[nodiscard]] std::string run_stdio(Harness& h, const std::string& input);

// The response as the server sends it: a streamed body (MCP's server-sent events) is pulled to its
// end, so the work behind it finishes before the next input.
void drain(http::Response& response);

}  // namespace vellum::fuzz
