// vellum import DIR — a folder of markdown files into the configured database, with a progress bar
// on a terminal and a summary. Embedding tasks are written for the server's queue to pick up when the
// configured strategy keeps a task table; this command never embeds itself.
#include <unistd.h>

#include <algorithm>
#include <iostream>
#include <nlohmann/json.hpp>

#include "articles/importer.hpp"
#include "cli/storage_command.hpp"
#include "plugins/plugin_catalog.hpp"

namespace vellum::cli {

namespace {

constexpr const char* kHelp =
    "usage: vellum import DIR [--conflict skip|overwrite|rename] [--dry-run] [--flat] [--as NAME]\n"
    "                         [--json] [--config FILE]\n\n"
    "Imports every .md file below DIR (directories starting with '.' are skipped). YAML frontmatter\n"
    "(LF or CRLF) is kept in the content and becomes the article's metadata; `title`, `folder`,\n"
    "`created`, `public` and `noRag` are honoured. The title is the frontmatter title, else the first\n"
    "'# heading', else 'Untitled'; the slug comes from the file name; subdirectories become folders\n"
    "(--flat: only DIR itself, everything at the root). Each imported article gets a version.\n\n"
    "  --conflict skip       leave existing articles alone (default)\n"
    "  --conflict overwrite  replace the existing article's title, content and folder (a new version)\n"
    "  --conflict rename     import under the first free slug-2, slug-3, ...\n"
    "  --dry-run             list conflicts and errors, write nothing\n"
    "  --as NAME             record NAME as created_by/updated_by (default: cli)\n\n"
    "exit codes: 0 success (dry run: nothing in the way), 1 failure (DIR unreadable, storage error,\n"
    "            some files failed; dry run: conflicts or errors found), 2 wrong usage\n";

// Lets the outbox see whether the configured strategy keeps a task table, without running it: the
// server's workers do the embedding.
class OutboxOnlyQueue final : public sdk::QueueStrategy {
 public:
  explicit OutboxOnlyQueue(bool uses_table) : uses_table_(uses_table) {}
  bool uses_task_table() const override { return uses_table_; }
  void on_committed(const sdk::ArticleChange&) override {}
  sdk::Status start() override { return sdk::ok_status(); }
  sdk::Status pause() override { return sdk::ok_status(); }
  sdk::Status resume() override { return sdk::ok_status(); }
  sdk::Status drain(std::chrono::steady_clock::time_point) override { return sdk::ok_status(); }
  void stop() override {}
  sdk::QueueStatus status() const override { return {"import", "stopped", 0, 0, ""}; }

 private:
  bool uses_table_;
};

std::shared_ptr<sdk::QueueStrategy> outbox_queue(const StorageSession& session) {
  const auto& config = session.config;
  if (!config.queue_enabled || config.queue.plugin.empty()) return nullptr;
  auto library = session.loaded.catalog.find(sdk::Slot::queue, config.queue.plugin);
  if (!library) return nullptr;
  auto strategy = library->create<sdk::Slot::queue>(config.queue.settings, session.host);
  if (!strategy) return nullptr;
  return std::make_shared<OutboxOnlyQueue>(strategy.value()->uses_task_table());
}

void draw_progress(const articles::ImportProgress& p) {
  constexpr std::size_t kWidth = 30;
  const std::size_t filled = p.total == 0 ? kWidth : p.done * kWidth / p.total;
  std::string name = p.current;
  if (name.size() > 36) name = "..." + name.substr(name.size() - 33);
  std::cerr << "\r[" << std::string(filled, '#') << std::string(kWidth - filled, '-') << "] " << p.done << "/"
            << p.total << " " << name << std::string(36 - std::min<std::size_t>(name.size(), 36), ' ') << std::flush;
  if (p.done == p.total) std::cerr << "\n";
}

void print_summary(const articles::ImportReport& report, std::ostream& out) {
  if (report.dry_run) {
    out << "dry run: " << report.total_files << " files, " << report.conflicts.size() << " conflicts, "
        << report.errors.size() << " errors\n";
  } else {
    out << "imported " << report.imported << " (" << report.renamed << " renamed), overwrote " << report.overwritten
        << ", skipped " << report.skipped << ", failed " << report.errors.size() << " of " << report.total_files
        << " files\n";
  }
  for (const auto& c : report.conflicts) {
    out << "  conflict: " << c.source << " → " << c.existing_slug << ".md already exists";
    if (!c.existing_title.empty()) out << " ('" << c.existing_title << "')";
    if (c.new_slug != c.existing_slug) out << "; as " << c.new_slug << ".md";
    out << "\n";
  }
  for (const auto& e : report.errors) out << "  error (" << e.type << "): " << e.source << ": " << e.error << "\n";
}

int run_import(CommandContext& context) {
  if (context.args.positionals().size() != 1) {
    context.err << "vellum: import expects one DIR\n";
    return kExitUsage;
  }
  articles::ImportOptions options;
  if (auto conflict = context.args.value("conflict")) {
    auto policy = articles::parse_conflict_policy(*conflict);
    if (!policy) {
      context.err << "vellum: --conflict expects skip, overwrite or rename, got '" << *conflict << "'\n";
      return kExitUsage;
    }
    options.policy = *policy;
  }
  options.dry_run = context.args.flag("dry-run");
  options.preserve_folders = !context.args.flag("flat");
  options.actor = context.args.value("as").value_or("cli");
  const std::filesystem::path dir = context.args.positionals()[0];

  return with_storage(context, [&](StorageSession& session) {
    plugins::RuntimeHolder holder;
    auto runtime = std::make_shared<plugins::Runtime>();
    runtime->storage.object = session.storage;
    runtime->queue.object = outbox_queue(session);
    holder.publish(runtime);
    articles::ArticleService service(holder, {session.config.semantic_search.enabled});
    articles::ProgressCallback progress;
    if (::isatty(STDERR_FILENO)) progress = draw_progress;
    auto report = articles::import_directory(service, dir, options, progress);
    if (!report) {
      context.err << "vellum: " << report.error().message << "\n";
      return kExitFailure;
    }
    if (context.args.flag("json")) {
      context.out << articles::report_json(report.value()).dump(2) << "\n";
    } else {
      print_summary(report.value(), context.out);
    }
    const bool ok = options.dry_run ? report->valid() : report->errors.empty();
    return ok ? kExitOk : kExitFailure;
  });
}

}  // namespace

void register_import_command(CommandSet& commands) {
  commands.add({{"import"},
                "import a directory of markdown files (frontmatter, folders, conflict policy)",
                kHelp,
                {{"conflict", "as"}, {"dry-run", "flat", "json"}},
                run_import});
}

}  // namespace vellum::cli
