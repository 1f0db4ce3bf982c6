// Runs a command-line tool (pg_dump, pg_restore) without a shell: arguments go to exec as they are,
// so nothing in a URL or a file name can be read as shell syntax.
#pragma once

#include <string>
#include <vector>

#include "vellum/sdk/result.hpp"

namespace vellum::datamove {

// True when `program` is found on PATH.
[[nodiscard]] bool tool_available(const std::string& program);

// Runs `argv` (argv[0] looked up on PATH) to completion. On a non-zero exit, the error carries the
// tool's standard error output.
[[nodiscard]] sdk::Status run_tool(const std::vector<std::string>& argv);

}  // namespace vellum::datamove
