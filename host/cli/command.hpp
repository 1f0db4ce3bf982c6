// A subcommand: its words, its help (with exit codes), its options and what it does.
#pragma once

#include <functional>
#include <iosfwd>
#include <map>
#include <string>
#include <vector>

#include "cli/arguments.hpp"
#include "config/env_reader.hpp"

namespace vellum::cli {

// Exit codes shared by every command (a command may document more).
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  // the operation failed (database unreachable, invalid config…)
inline constexpr int kExitUsage = 2;    // the command line was wrong

struct CommandContext {
  Arguments args;
  std::ostream& out;
  std::ostream& err;
  config::Environment environment;
};

struct Command {
  std::vector<std::string> words;  // {"migrate", "status"}
  std::string summary;             // one line for `vellum help`
  std::string help;                // the full text for `--help`, ending with its exit codes
  OptionSpec options;              // global options are added by the dispatcher
  std::function<int(CommandContext&)> run;
};

class CommandSet {
 public:
  void add(Command command) { commands_.push_back(std::move(command)); }
  [[nodiscard]] const std::vector<Command>& all() const noexcept { return commands_; }

 private:
  std::vector<Command> commands_;
};

// Each area registers its commands.
void register_serve_command(CommandSet& commands);
void register_config_commands(CommandSet& commands);
void register_plugin_commands(CommandSet& commands);
void register_migrate_commands(CommandSet& commands);
void register_token_commands(CommandSet& commands);
void register_import_command(CommandSet& commands);
void register_mcp_command(CommandSet& commands);
void register_backup_commands(CommandSet& commands);
void register_copy_command(CommandSet& commands);
// vellum queue … (split by area) and vellum reindex.
void register_queue_status_commands(CommandSet& commands);
void register_queue_control_commands(CommandSet& commands);
void register_queue_task_commands(CommandSet& commands);
void register_queue_retry_commands(CommandSet& commands);
void register_queue_backup_commands(CommandSet& commands);
void register_queue_metrics_commands(CommandSet& commands);
void register_reindex_commands(CommandSet& commands);
void register_embeddings_commands(CommandSet& commands);
void register_reload_command(CommandSet& commands);
void register_verify_command(CommandSet& commands);
void register_rollback_plan_command(CommandSet& commands);
void register_rollback_drill_command(CommandSet& commands);

}  // namespace vellum::cli
