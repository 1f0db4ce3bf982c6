// How the commands that talk to a running `vellum serve` (reload, verify) find it and the admin token.
// They only need to reach the server, so they read from the configuration just where the server is
// (data_dir, server.host/port) and the admin token, and tolerate errors in the rest of the file.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/command.hpp"

namespace vellum::cli {

inline constexpr int kExitNoServer = 3;  // no server answered, or it refused the admin token

struct ServerCandidate {
  std::string url;
  std::string from;  // where the address came from, for messages
};

struct LiveServer {
  std::vector<ServerCandidate> candidates;  // in the order to try
  std::string token;
  std::string token_source;  // e.g. "auth.token_file", for messages
  std::filesystem::path data_dir;  // as the configuration names it (the server's own files are there)
};

// --url; else the address the server recorded in <data_dir>/server-url; else server.host:server.port
// (not for port 0). Prints why to context.err and answers nothing when there is no admin token or no
// address; `purpose` completes "vellum: cannot <purpose>: …".
[[nodiscard]] std::optional<LiveServer> find_live_server(CommandContext& context, std::string_view purpose);

}  // namespace vellum::cli
