// vellum reindex and vellum queue migrate: queue re-embedding through the task table. Both need the
// active embedding set (the configured provider's), so they build the runtime without a queue.
#include <ostream>

#include <nlohmann/json.hpp>

#include "cli/app_config.hpp"
#include "cli/queue_cli.hpp"
#include "common/clock.hpp"
#include "plugins/host_services.hpp"
#include "plugins/hot_swap.hpp"
#include "queue_admin/admin_operations.hpp"
#include "queue_admin/reindex.hpp"

namespace vellum::cli {

namespace {

struct Mode {
  bool migration = false;
};

// Where the tasks go: the database, and the configured provider's embedding set.
struct Target {
  sdk::BackendPtr storage;
  sdk::EmbeddingSet set;  // id 0: it does not exist yet (only a dry run sees that)
};

// A dry run writes nothing — no migration, no embedding set created for a provider the server has not
// applied yet (building the runtime would do both). It looks up the configured provider's set among
// those that exist; when there is none, every indexable article would be queued.
sdk::Result<Target> dry_run_target(const plugins::LoadedConfig& loaded, const config::Config& config,
                                   sdk::HostContext& host) {
  auto storage = open_storage(config, loaded.catalog, host, false);
  if (!storage) return std::move(storage).error();
  const auto choice = runtime_spec(config).embedding;
  auto library = loaded.catalog.find(sdk::Slot::embedding, choice.plugin);
  if (!library) {
    return sdk::Error(sdk::ErrorKind::not_found, loaded.catalog.explain_missing(sdk::Slot::embedding, choice.plugin));
  }
  auto provider = library->create<sdk::Slot::embedding>(choice.settings, host);
  if (!provider) return std::move(provider).error();
  const auto described = provider.value()->describe();
  Target target{std::move(storage).value(), {}};
  target.set.provider = described.provider;
  target.set.model = described.model;
  target.set.dimensions = described.dimensions;
  auto read = target.storage->read([&](sdk::Repositories& repos) -> sdk::Status {
    auto sets = repos.embedding_sets().list();
    if (!sets) return std::move(sets).error();
    for (const auto& set : sets.value()) {
      if (set.provider == described.provider && set.model == described.model && set.dimensions == described.dimensions)
        target.set = set;
    }
    return {};
  });
  if (!read) return std::move(read).error();
  return target;
}

int run_reindex(CommandContext& context, Mode mode) {
  queue_admin::ReindexRequest request;
  request.reason = mode.migration ? "migration" : context.args.value("reason").value_or("full_reindex");
  if (auto p = context.args.value("priority")) {
    auto parsed = sdk::parse_task_priority(*p);
    if (!parsed) return usage(context, "--priority must be high, normal or low");
    request.priority = *parsed;
  } else if (!mode.migration) {
    request.priority = sdk::TaskPriority::low;  // maintenance work yields to editors' changes
  }
  if (auto b = context.args.value("batch-size")) {
    auto n = parse_count(*b);
    if (!n || *n == 0) return usage(context, "--batch-size expects a positive number");
    request.batch_size = static_cast<std::size_t>(*n);
  }
  request.dry_run = context.args.flag("dry-run");
  request.skip_open_tasks = mode.migration;
  const bool missing_only = mode.migration || context.args.flag("missing-only");

  auto loaded = load_config_and_plugins(context);
  if (!loaded.report.ok()) return report_config_errors(loaded.report, context.err);
  const config::Config& config = *loaded.report.config;
  setup_logging_for(config, context);
  const auto settings = queue_admin::settings_view(config);
  if (!settings.disabled_reason().empty() && settings.strategy != "sync") {
    context.err << "vellum: nothing would process the tasks: " << settings.disabled_reason() << "\n";
    return kExitFailure;
  }
  request.max_attempts = settings.max_attempts();
  plugins::HostServices host(config.data_dir.string());
  plugins::RuntimeManager manager(host);
  Target target;
  if (request.dry_run) {
    auto found = dry_run_target(loaded, config, host);
    if (!found) return report(context, found.error());
    target = std::move(found).value();
  } else {
    plugins::RuntimeSpec spec = runtime_spec(config);
    spec.queue = {};  // this process only queues; the server's workers embed
    if (auto applied = manager.apply(spec, loaded.catalog); !applied) {
      context.err << "vellum: " << applied.error().message << "\n";
      return kExitFailure;
    }
    // The configured provider's set: the one being filled during a switch, else the active one.
    const auto runtime = manager.current();
    const auto* lane = runtime->lanes.target();
    if (!lane) return report(context, sdk::Error(sdk::ErrorKind::unavailable, "no embedding set is active"));
    target = {runtime->storage.object, lane->set};
  }
  const sdk::EmbeddingSet& set = target.set;
  if (missing_only && set.id != 0) request.missing_in_set = set.id;

  auto& storage = target.storage;
  const std::string what = mode.migration ? "migrate" : "reindex";
  auto done = queue_admin::queue_reindex(*storage, request, now_ms(), [&](std::int64_t n, std::int64_t total) {
    show_progress(context, what, n, total);
  });
  manager.stop_queue();
  if (!done) return report(context, done.error());
  const auto& o = done.value();
  if (context.args.flag("json")) {
    context.out << nlohmann::json{{"dryRun", request.dry_run},
                                  {"operationId", o.operation_id},
                                  {"reason", request.reason},
                                  {"embeddingSet", nlohmann::json{{"id", set.id == 0 ? nlohmann::json() : nlohmann::json(set.id)},
                                                                  {"provider", set.provider},
                                                                  {"model", set.model},
                                                                  {"dimensions", set.dimensions}}},
                                  {"articles", o.articles},
                                  {"queued", o.queued},
                                  {"skippedNoRag", o.skipped_no_rag},
                                  {"skippedIndexed", o.skipped_indexed},
                                  {"skippedOpenTasks", o.skipped_open},
                                  {"batches", o.batches}}
                       .dump(2)
                << "\n";
  } else {
    context.out << (request.dry_run ? "DRY RUN: would queue " : "queued ") << o.queued << " of " << o.articles
                << " articles for " << set.provider << "/" << set.model << " (" << set.dimensions << " dims"
                << (set.id == 0 ? ", a new embedding set the server creates when it applies this configuration" : "")
                << "), reason '" << request.reason << "', operation " << o.operation_id << "; skipped "
                << o.skipped_no_rag << " no_rag, " << o.skipped_indexed << " already embedded, " << o.skipped_open
                << " with open tasks\n";
    if (!request.dry_run && o.queued > 0) {
      context.out << "old vectors stay searchable until each article is re-embedded; follow with: vellum queue "
                     "wait-for-completion\n";
      if (mode.migration) context.out << "roll back with: vellum queue clear --status pending --reason migration --confirm\n";
    }
  }
  return kExitOk;
}

}  // namespace

void register_reindex_commands(CommandSet& commands) {
  commands.add({{"reindex"},
                "queue re-embedding of every article (non-destructive; no_rag skipped)",
                std::string("usage: vellum reindex [--missing-only] [--priority P] [--reason R] [--batch-size N]\n"
                            "                      [--dry-run] [--json] [--config FILE]\n\n"
                            "Queues one task per article (metadata.reason R, default full_reindex; priority\n"
                            "default low). Nothing is deleted: each article's old vectors stay searchable until\n"
                            "its new ones replace them. --missing-only queues only articles without vectors in the\n"
                            "active embedding set. A running vellum serve processes the tasks.\n\n") +
                    kQueueExitCodes,
                {{"priority", "reason", "batch-size"}, {"missing-only", "dry-run", "json"}},
                [](CommandContext& c) { return run_reindex(c, {false}); }});
  commands.add({{"queue", "migrate"},
                "queue embedding of articles without vectors in the active set (reason: migration)",
                std::string("usage: vellum queue migrate [--dry-run] [--batch-size N] [--priority P] [--json]\n\n"
                            "For a provider or model switch: queues articles that have no vectors in the active\n"
                            "embedding set, tagged metadata.reason = 'migration', skipping no_rag articles and\n"
                            "articles that already have an open task. Roll back with:\n"
                            "  vellum queue clear --status pending --reason migration --confirm\n\n") +
                    kQueueExitCodes,
                {{"priority", "batch-size"}, {"dry-run", "json"}},
                [](CommandContext& c) { return run_reindex(c, {true}); }});
}

}  // namespace vellum::cli
