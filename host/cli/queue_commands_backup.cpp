// vellum queue export | import — the queue's state as one JSON document (guide: "Backup current queue
// state": vellum queue export > queue-state-backup.json).
#include <fstream>
#include <iostream>
#include <ostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli/queue_cli.hpp"
#include "common/bounded_json.hpp"
#include "common/clock.hpp"
#include "queue_admin/export_format.hpp"
#include "vellum/sdk/private_files.hpp"

namespace vellum::cli {

namespace {

int export_state(CommandContext& context) {
  return with_queue(context, [&](QueueSession& q) {
    auto doc = queue_admin::export_queue(q.backend(), q.settings, now_ms());
    if (!doc) return report(context, doc.error());
    if (auto file = context.args.value("output")) {
      // The export names every article and its task history: readable by this user only.
      if (auto written = sdk::write_private_file(*file, doc->dump(2) + "\n"); !written) {
        context.err << "vellum: " << written.error().message << "\n";
        return kExitFailure;
      }
      context.err << "exported " << (*doc)["tasks"].size() << " tasks to " << *file << "\n";
      return kExitOk;
    }
    context.out << doc->dump(2) << "\n";
    return kExitOk;
  });
}

int import_state(CommandContext& context) {
  if (context.args.positionals().size() != 1) return usage(context, "import expects one FILE (- for stdin)");
  const std::string file = context.args.positionals()[0];
  std::stringstream text;
  if (file == "-") {
    text << std::cin.rdbuf();
  } else {
    std::ifstream in(file);
    if (!in) {
      context.err << "vellum: cannot read " << file << "\n";
      return kExitFailure;
    }
    text << in.rdbuf();
  }
  // An export holds a few values per task: the value limit admits ten million tasks, and the depth
  // limit keeps a hostile file from overflowing the stack.
  constexpr JsonLimits kExportLimits{std::size_t{4} << 30, 64, 100'000'000};
  auto parsed = parse_bounded_json(text.str(), kExportLimits);
  if (!parsed) {
    context.err << "vellum: " << file << " is not a queue export: " << parsed.error().message << "\n";
    return kExitFailure;
  }
  const nlohmann::json& doc = *parsed;
  return with_queue(context, [&](QueueSession& q) {
    auto done = queue_admin::import_queue(q.backend(), doc, context.args.flag("restore-control"), now_ms());
    if (!done) {
      context.err << "vellum: " << done.error().message << "\n";
      return kExitFailure;
    }
    const auto& o = done.value();
    if (context.args.flag("json")) {
      context.out << nlohmann::json{{"tasks", o.tasks}, {"restored", o.restored}, {"skipped", o.skipped},
                                    {"controlRestored", o.control_restored}}
                         .dump(2)
                  << "\n";
    } else {
      context.out << "restored " << o.restored << " of " << o.tasks << " tasks (" << o.skipped
                  << " skipped: already present, article deleted, or a pending task of the article exists)"
                  << (o.control_restored ? "; worker control restored" : "") << "\n";
    }
    return kExitOk;
  });
}

}  // namespace

void register_queue_backup_commands(CommandSet& commands) {
  commands.add({{"queue", "export"},
                "write the queue's state (control, workers, config, every task) as JSON",
                std::string("usage: vellum queue export [--output FILE] [--config FILE]\n\n"
                            "Prints to stdout unless --output. The document restores with vellum queue import.\n\n") +
                    kQueueExitCodes,
                {{"output"}, {}},
                export_state});
  commands.add({{"queue", "import"},
                "restore tasks (and optionally the control row) from an export",
                std::string("usage: vellum queue import FILE|- [--restore-control] [--json] [--config FILE]\n\n"
                            "Puts back every exported task that is missing, with its status, attempts and times.\n"
                            "Existing tasks are never overwritten; tasks of deleted articles are skipped.\n"
                            "--restore-control also sets the worker control row (running/paused) as exported.\n\n") +
                    kQueueExitCodes,
                {{}, {"json", "restore-control"}},
                import_state});
}

}  // namespace vellum::cli
