// The MCP part of `vellum verify`: an agent's first steps over Streamable HTTP — initialize, the
// initialized notification, tools/list — then the session is closed again.
#pragma once

#include "cli/verify_checks.hpp"
#include "cli/verify_session.hpp"

namespace vellum::cli::verify {

[[nodiscard]] Check check_mcp(Session& session);

}  // namespace vellum::cli::verify
