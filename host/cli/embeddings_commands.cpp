// vellum embeddings list | activate — the embedding sets and an operator's cut-over or rollback.
#include <iomanip>
#include <ostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "api/embedding_set_json.hpp"
#include "cli/storage_command.hpp"
#include "common/clock.hpp"
#include "config/value_parsing.hpp"
#include "embeddings/set_activation.hpp"
#include "embeddings/set_report.hpp"
#include "queue_admin/queue_settings.hpp"

namespace vellum::cli {

namespace {

constexpr const char* kExitCodes = "exit codes: 0 success, 1 failure or refusal, 2 wrong usage\n";

std::string percent_text(const sdk::SetCoverage& c) {
  std::ostringstream out;
  const double pct = c.indexable == 0 ? 100.0 : 100.0 * static_cast<double>(c.fresh) / static_cast<double>(c.indexable);
  out << std::fixed << std::setprecision(1) << pct << "%";
  return out.str();
}

std::string time_text(const std::optional<sdk::Timestamp>& t) { return t ? format_iso8601(*t) : "-"; }

int list_sets(CommandContext& context) {
  return with_storage(context, [&](StorageSession& session) {
    auto reports = embeddings::report_sets(*session.storage);
    if (!reports) {
      context.err << "vellum: " << reports.error().message << "\n";
      return kExitFailure;
    }
    if (context.args.flag("json")) {
      nlohmann::json sets = nlohmann::json::array();
      for (const auto& r : reports.value()) {
        auto one = api::set_with_coverage_json(r.set, r.coverage);
        one["vectors"] = r.vectors;
        sets.push_back(std::move(one));
      }
      context.out << nlohmann::json{{"sets", sets}}.dump(2) << "\n";
      return kExitOk;
    }
    if (reports.value().empty()) {
      context.out << "no embedding sets yet (the first is made when the server starts with semantic search on)\n";
      return kExitOk;
    }
    context.out << std::left << std::setw(4) << "ID" << std::setw(10) << "STATE" << std::setw(34) << "PROVIDER/MODEL"
                << std::setw(6) << "DIMS" << std::setw(9) << "COVERAGE" << std::setw(7) << "STALE" << std::setw(9)
                << "VECTORS" << std::setw(26) << "CREATED" << "ACTIVATED\n";
    for (const auto& r : reports.value()) {
      context.out << std::left << std::setw(4) << r.set.id << std::setw(10) << r.set.state << std::setw(34)
                  << (r.set.provider + "/" + r.set.model) << std::setw(6) << r.set.dimensions << std::setw(9)
                  << percent_text(r.coverage) << std::setw(7) << r.coverage.stale << std::setw(9) << r.vectors
                  << std::setw(26) << format_iso8601(r.set.created_at) << time_text(r.set.activated_at) << "\n";
    }
    return kExitOk;
  });
}

int activate(CommandContext& context) {
  embeddings::ActivationRequest request;
  request.previous = context.args.flag("previous");
  request.force = context.args.flag("force");
  request.dry_run = context.args.flag("dry-run");
  const auto& words = context.args.positionals();
  if (request.previous == !words.empty() || words.size() > 1) {
    context.err << "vellum: embeddings activate expects one set id, or --previous\n";
    return kExitUsage;
  }
  if (!words.empty()) {
    auto id = config::parse_integer(words.front());
    if (!id || *id < 1) {
      context.err << "vellum: embeddings activate: '" << words.front() << "' is not a set id\n";
      return kExitUsage;
    }
    request.set = *id;
  }
  return with_storage(context, [&](StorageSession& session) {
    const auto queue = queue_admin::settings_view(session.config);
    request.queue_max_attempts = queue.max_attempts();
    if (!queue.disabled_reason().empty() || queue.strategy != "background") request.queue_max_attempts.reset();
    auto done = embeddings::activate(*session.storage, request, now_ms());
    if (!done) {
      context.err << "vellum: " << done.error().message << "\n";
      return kExitFailure;
    }
    const auto& o = done.value();
    const std::string name =
        "set " + std::to_string(o.set.id) + " (" + o.set.provider + "/" + o.set.model + ", " +
        std::to_string(o.set.dimensions) + " dimensions)";
    if (o.already_active) {
      context.out << name << " is already active\n";
      return kExitOk;
    }
    context.out << (request.dry_run ? "would activate " : "activated ") << name;
    if (o.replaced) context.out << "; set " << *o.replaced << (request.dry_run ? " would be" : " is") << " kept as previous";
    context.out << "\n";
    if (o.to_embed > 0) {
      context.out << o.to_embed << " article(s) " << (request.dry_run ? "would be" : "are") << " embedded again ("
                  << o.coverage.missing << " missing, " << o.coverage.stale << " changed since the set was kept current)";
      if (!request.dry_run) {
        context.out << (o.queued > 0 ? "; " + std::to_string(o.queued) + " task(s) queued"
                                     : "; queue them with `vellum reindex --missing-only`");
      }
      context.out << "\n";
    } else {
      context.out << "nothing to embed: the set holds every article's current text\n";
    }
    if (!request.dry_run) {
      context.out << "a running server follows within a second; it stays on this set until the configuration "
                     "names another provider\n";
    }
    return kExitOk;
  });
}

}  // namespace

void register_embeddings_commands(CommandSet& commands) {
  commands.add({{"embeddings", "list"},
                "list the embedding sets: state, coverage, stale articles, vectors",
                std::string("usage: vellum embeddings list [--json] [--config FILE]\n\n"
                            "A set per (provider, model, dimensions). States: building (being filled during a\n"
                            "switch), active (search uses it), previous (kept current for a rollback), retired.\n"
                            "Coverage: indexable articles whose current text the set holds; stale: articles\n"
                            "it holds from an older text.\n\n") +
                    kExitCodes,
                {{}, {"json"}},
                list_sets});
  commands.add({{"embeddings", "activate"},
                "make an embedding set the one search uses (a manual cut-over or rollback)",
                std::string("usage: vellum embeddings activate ID | --previous [--force] [--dry-run] [--config FILE]\n\n"
                            "The active set becomes previous (kept current for embedding.rollback_window_seconds);\n"
                            "the activated set stays active until the configuration names another provider.\n"
                            "A set that lacks articles is refused unless --force (search then reports itself\n"
                            "degraded until they are embedded). Says how many articles will be embedded again.\n\n") +
                    kExitCodes,
                {{}, {"previous", "force", "dry-run"}},
                activate});
}

}  // namespace vellum::cli
