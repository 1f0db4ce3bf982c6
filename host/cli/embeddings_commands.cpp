// vellum embeddings list | activate | compare — the embedding sets, an operator's cut-over or
// rollback, and how much two sets' answers differ.
#include <fstream>
#include <iomanip>
#include <ostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "api/embedding_set_json.hpp"
#include "cli/storage_command.hpp"
#include "common/clock.hpp"
#include "config/value_parsing.hpp"
#include "plugins/provider_record.hpp"
#include "embeddings/set_activation.hpp"
#include "embeddings/set_compare.hpp"
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

// The set with that id and its provider, loaded as the server would load it.
sdk::Result<embeddings::ComparedSet> compared_set(StorageSession& session, const std::string& word) {
  auto id = config::parse_integer(word);
  if (!id || *id < 1) return sdk::Error(sdk::ErrorKind::invalid_argument, "'" + word + "' is not a set id");
  std::optional<sdk::EmbeddingSet> set;
  auto read = session.storage->read([&](sdk::Repositories& repos) -> sdk::Status {
    auto found = repos.embedding_sets().get(*id);
    if (!found) return std::move(found).error();
    set = found.value();
    return {};
  });
  if (!read) return read.error();
  if (!set) return sdk::Error(sdk::ErrorKind::not_found, "no embedding set " + word);
  const plugins::SlotChoice configured{session.config.embedding.plugin, session.config.embedding.settings};
  auto provider = plugins::load_recorded_provider(*set, configured, session.loaded.catalog, session.host);
  if (!provider) return std::move(provider).error();
  return embeddings::ComparedSet{*set, std::move(provider).value()};
}

sdk::Result<std::vector<std::string>> read_queries(const std::string& file) {
  std::ifstream in(file);
  if (!in) return sdk::Error(sdk::ErrorKind::not_found, "cannot read --queries " + file);
  std::vector<std::string> queries;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) queries.push_back(line);
  }
  if (queries.empty()) return sdk::Error(sdk::ErrorKind::invalid_argument, file + " holds no query (one per line)");
  return queries;
}

int compare(CommandContext& context) {
  const auto& words = context.args.positionals();
  if (words.size() != 2) {
    context.err << "vellum: embeddings compare expects two set ids\n";
    return kExitUsage;
  }
  std::size_t k = 10;
  if (auto given = context.args.value("k")) {
    auto parsed = config::parse_integer(*given);
    if (!parsed || *parsed < 1 || *parsed > 100) {
      context.err << "vellum: --k expects 1 to 100, got '" << *given << "'\n";
      return kExitUsage;
    }
    k = static_cast<std::size_t>(*parsed);
  }
  return with_storage(context, [&](StorageSession& session) {
    auto fail = [&](const sdk::Error& error) {
      context.err << "vellum: " << error.message << "\n";
      return error.kind == sdk::ErrorKind::invalid_argument ? kExitUsage : kExitFailure;
    };
    auto first = compared_set(session, words[0]);
    if (!first) return fail(first.error());
    auto second = compared_set(session, words[1]);
    if (!second) return fail(second.error());
    auto queries = context.args.value("queries") ? read_queries(*context.args.value("queries"))
                                                 : embeddings::sample_titles(*session.storage, 50);
    if (!queries) return fail(queries.error());
    auto compared = embeddings::compare_sets(*session.storage, first.value(), second.value(), queries.value(), k);
    if (!compared) return fail(compared.error());
    const auto& c = compared.value();
    if (context.args.flag("json")) {
      nlohmann::json per_query = nlohmann::json::array();
      for (const auto& q : c.queries) {
        per_query.push_back({{"query", q.query},
                             {"first", q.first},
                             {"second", q.second},
                             {"overlap", q.overlap},
                             {"rankShift", q.rank_shift ? nlohmann::json(*q.rank_shift) : nlohmann::json(nullptr)}});
      }
      context.out << nlohmann::json{{"first", api::embedding_set_json(first->set)},
                                    {"second", api::embedding_set_json(second->set)},
                                    {"k", k},
                                    {"queries", per_query},
                                    {"meanOverlap", c.mean_overlap},
                                    {"meanRankShift", c.mean_rank_shift ? nlohmann::json(*c.mean_rank_shift)
                                                                        : nlohmann::json(nullptr)}}
                         .dump(2)
                  << "\n";
      return kExitOk;
    }
    context.out << "set " << first->set.id << " (" << first->set.provider << "/" << first->set.model << ") vs set "
                << second->set.id << " (" << second->set.provider << "/" << second->set.model << "), "
                << c.queries.size() << " queries, k = " << k << "\n"
                << std::fixed << std::setprecision(2) << "overlap@" << k << ": " << c.mean_overlap
                << "  (1.00: the same articles in both top " << k << ")\n"
                << "mean rank shift: "
                << (c.mean_rank_shift ? std::to_string(*c.mean_rank_shift).substr(0, 4) : std::string("-"))
                << "  (places an article both return moves, on average)\n";
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
  commands.add({{"embeddings", "compare"},
                "compare two embedding sets' answers to the same queries (overlap@k, rank shift)",
                std::string("usage: vellum embeddings compare A B [--queries FILE] [--k N] [--json] [--config FILE]\n\n"
                            "Runs each query against both sets, each embedded by its own set's provider, and\n"
                            "prints overlap@k (the share of A's top k also in B's) and the mean rank shift of\n"
                            "the articles both return. Queries: FILE, one per line; by default the titles of\n"
                            "up to 50 articles across the collection. Before a cut-over it shows how much the\n"
                            "new model changes what users get.\n\n") +
                    kExitCodes,
                {{"queries", "k"}, {"json"}},
                compare});
}

}  // namespace vellum::cli
