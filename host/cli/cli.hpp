// The `vellum` command line: one binary, subcommands grouped by what an operator does.
#pragma once

namespace vellum::cli {

// Runs the command named by argv and returns the process exit code.
int run(int argc, char** argv);

}  // namespace vellum::cli
