// What a command that talks to a running server needs from the configuration: where the data
// directory is (the server's address file and generated admin token live there), the admin token
// settings, and the configured listening address. Read without validating the rest, because
// `vellum reload` must reach the server even when the file has errors: the server's answer lists them.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "config/config.hpp"
#include "config/config_loader.hpp"

namespace vellum::config {

struct ClientView {
  std::filesystem::path data_dir;  // absolute
  AuthSettings auth;               // the higher-precedence of token and token_file, when both are set
  std::string host;                // server.host
  std::uint16_t port = 0;          // server.port
};

// Missing or unreadable values take their built-in defaults.
[[nodiscard]] ClientView client_view(const ConfigSource& source);

}  // namespace vellum::config
