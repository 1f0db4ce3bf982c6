// The admin token `vellum serve` requires: auth.token (AUTH_TOKEN), else the first line of
// auth.token_file, else <data_dir>/admin-token — generated at first start (256 random bits, file mode
// 0600, created exclusively) so the server never serves without authentication. A token shorter than
// config::kMinAdminTokenLength, from wherever it came, is an error naming its setting.
#pragma once

#include <filesystem>
#include <string>

#include "config/config.hpp"
#include "vellum/sdk/result.hpp"

namespace vellum::http {

struct AdminToken {
  std::string token;
  std::string source;  // "auth.token", "auth.token_file <path>", "generated <path>", "<path>"
  bool generated = false;
  std::filesystem::path file;  // the file it was read from or written to; empty for auth.token
};

inline constexpr const char* kAdminTokenFileName = "admin-token";

[[nodiscard]] sdk::Result<AdminToken> resolve_admin_token(const config::AuthSettings& auth,
                                                          const std::filesystem::path& data_dir);

// The admin token as a client on the server's machine finds it (`vellum reload`, `vellum mcp` with
// VELLUM_MCP_TOKEN): the same sources, but never generated — not_found when there is none.
[[nodiscard]] sdk::Result<AdminToken> find_admin_token(const config::AuthSettings& auth,
                                                       const std::filesystem::path& data_dir);

}  // namespace vellum::http
