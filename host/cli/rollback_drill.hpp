// `vellum rollback-drill`: rehearses the operations guide's scenarios on a throwaway copy of this
// deployment's data, so an operator proves the procedures work before needing them. The copy
// (SQLite: a file in a temporary directory; PostgreSQL: a temporary schema in the same database) is
// served by a temporary `vellum serve` on a free loopback port, started with the same configuration
// file and environment plus overrides that point it at the copy. Each scenario runs with the same
// commands an operator types and is checked; then everything is removed — server, files, schema —
// also when a step fails.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "cli/command.hpp"
#include "cli/verify_checks.hpp"

namespace vellum::cli::drill {

struct Step {
  std::string name;
  verify::Verdict verdict = verify::Verdict::pass;
  std::string evidence;
};

struct Report {
  std::string workspace;
  std::string copy;  // where the copy lived
  std::vector<Step> steps;
  [[nodiscard]] std::vector<std::string> failed() const;
};

struct Options {
  bool dry_run = false;
  std::chrono::seconds wait{60};  // for vellum verify's semantic search and the server's start
};

using Progress = std::function<void(const Step&)>;

// Runs the drill; `progress` hears each step as it ends. A failure of the copy or the start ends it
// early (later steps would only repeat it); cleanup always runs and is the last step.
[[nodiscard]] Report run(const CommandContext& context, const Options& options, const Progress& progress);

}  // namespace vellum::cli::drill
