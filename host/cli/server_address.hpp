// Where a running `vellum serve` can be reached by the commands that talk to it (`vellum reload`).
// Once it listens, the server writes its URL — with the port it really got, also when server.port is
// 0 — to <data_dir>/server-url, and removes the file when it stops. A server killed outright leaves
// the file behind; a client then finds nothing answering there and says so.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace vellum::cli {

inline constexpr const char* kServerUrlFileName = "server-url";

// http://host:port as a client on this machine reaches a server listening on `host`: a wildcard
// address (0.0.0.0, ::) is reached on loopback; an IPv6 literal is bracketed.
[[nodiscard]] std::string local_url(const std::string& host, std::uint16_t port);

// Failures are logged: a server that cannot write the file still serves (clients can pass --url).
void publish_server_url(const std::filesystem::path& data_dir, const std::string& url);
// Removes the file when it still names `url` (another server may have replaced it since).
void withdraw_server_url(const std::filesystem::path& data_dir, const std::string& url);
[[nodiscard]] std::optional<std::string> read_server_url(const std::filesystem::path& data_dir);

}  // namespace vellum::cli
