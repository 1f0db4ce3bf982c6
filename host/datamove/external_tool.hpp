// Runs a command-line tool (pg_dump, pg_restore) without a shell: arguments go to exec as they are,
// so nothing in a URL or a file name can be read as shell syntax.
#pragma once

#include <string>
#include <vector>

#include "vellum/sdk/result.hpp"

namespace vellum::datamove {

// True when `program` is found on PATH.
[[nodiscard]] bool tool_available(const std::string& program);

// Changes to the environment the tool inherits from this process.
struct ToolEnvironment {
  std::vector<std::string> set;    // NAME=value, replacing an inherited NAME
  std::vector<std::string> unset;  // NAMEs not passed on
};

// Runs `argv` (argv[0] looked up on PATH) to completion. On a non-zero exit, the error carries the
// tool's standard error output. `stdout_file`, when given, receives its standard output (created
// with mode 0600, or truncated).
[[nodiscard]] sdk::Status run_tool(const std::vector<std::string>& argv, const ToolEnvironment& environment = {},
                                   const std::string& stdout_file = {});

// This process's environment with `changes` applied, as the tool receives it.
[[nodiscard]] std::vector<std::string> tool_environment(const ToolEnvironment& changes);

}  // namespace vellum::datamove
