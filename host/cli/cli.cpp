#include "cli/cli.hpp"

#include <iostream>

#include "cli/command.hpp"

extern char** environ;

namespace vellum::cli {

namespace {

// Options every command accepts.
const std::set<std::string> kGlobalValues = {"config", "log-level", "log-format"};
const std::set<std::string> kGlobalFlags = {"help"};

CommandSet all_commands() {
  CommandSet commands;
  register_serve_command(commands);
  register_config_commands(commands);
  register_plugin_commands(commands);
  register_migrate_commands(commands);
  register_token_commands(commands);
  register_import_command(commands);
  register_mcp_command(commands);
  register_backup_commands(commands);
  register_copy_command(commands);
  register_queue_status_commands(commands);
  register_queue_control_commands(commands);
  register_queue_task_commands(commands);
  register_queue_retry_commands(commands);
  register_queue_backup_commands(commands);
  register_queue_metrics_commands(commands);
  register_reindex_commands(commands);
  register_embeddings_commands(commands);
  register_reload_command(commands);
  register_verify_command(commands);
  register_rollback_plan_command(commands);
  register_rollback_drill_command(commands);
  return commands;
}

void print_overview(const CommandSet& commands, std::ostream& out) {
  out << "vellum " VELLUM_VERSION " — a knowledge store for AI agents\n\n"
         "usage: vellum <command> [options]\n\ncommands:\n";
  for (const auto& command : commands.all()) {
    std::string name;
    for (const auto& word : command.words) name += (name.empty() ? "" : " ") + word;
    out << "  " << name << std::string(name.size() < 24 ? 24 - name.size() : 1, ' ') << command.summary << "\n";
  }
  out << "\nglobal options:\n"
         "  --config FILE        configuration file (default: ./vellum.yaml if present, else built-in defaults)\n"
         "  --log-level LEVEL    trace, debug, info, warn or error\n"
         "  --log-format FORMAT  text or json\n"
         "  --help               help for a command: vellum <command> --help\n\n"
         "exit codes: 0 success, 1 failure, 2 wrong usage (commands may document more)\n";
}

}  // namespace

int run(int argc, char** argv) {
  const std::vector<std::string> words(argv + 1, argv + argc);
  const CommandSet commands = all_commands();
  if (words.empty() || words[0] == "help" || words[0] == "--help" || words[0] == "-h") {
    print_overview(commands, std::cout);
    return words.empty() ? kExitUsage : kExitOk;
  }
  if (words[0] == "version" || words[0] == "--version") {
    std::cout << "vellum " VELLUM_VERSION "\n";
    return kExitOk;
  }

  // The longest command whose words prefix the command line wins ("migrate status" over "migrate").
  const Command* chosen = nullptr;
  for (const auto& command : commands.all()) {
    if (command.words.size() > words.size()) continue;
    if (!std::equal(command.words.begin(), command.words.end(), words.begin())) continue;
    if (!chosen || command.words.size() > chosen->words.size()) chosen = &command;
  }
  if (!chosen) {
    std::cerr << "vellum: unknown command '" << words[0] << "'; run 'vellum help' for the list\n";
    return kExitUsage;
  }

  OptionSpec spec = chosen->options;
  spec.with_value.insert(kGlobalValues.begin(), kGlobalValues.end());
  spec.flags.insert(kGlobalFlags.begin(), kGlobalFlags.end());
  auto parsed = Arguments::parse({words.begin() + static_cast<long>(chosen->words.size()), words.end()}, spec);
  if (!parsed) {
    std::cerr << "vellum: " << parsed.error().message << "\n";
    return kExitUsage;
  }
  if (parsed.value().flag("help")) {
    std::cout << chosen->help;
    return kExitOk;
  }
  CommandContext context{std::move(parsed).value(), std::cout, std::cerr, config::environment_from(environ)};
  return chosen->run(context);
}

}  // namespace vellum::cli
