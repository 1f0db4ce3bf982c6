// vellum queue retry | retry-failed — putting finished tasks back to pending. A cancelled task ended by
// an operator's decision (clear, emergency stop, a rollback), not by failing: retry-failed leaves it
// alone unless told --include-cancelled, so retrying failures never undoes a rollback.
#include <ostream>

#include <nlohmann/json.hpp>

#include "cli/queue_cli.hpp"
#include "common/clock.hpp"
#include "queue_admin/admin_operations.hpp"
#include "queue_admin/task_json.hpp"

namespace vellum::cli {

namespace {

int retry(CommandContext& context) {
  if (context.args.positionals().size() != 1) return usage(context, "expects one TASK_ID");
  const std::string id = context.args.positionals()[0];
  return with_queue(context, [&](QueueSession& q) {
    auto done = queue_admin::retry_task(q.backend(), id, context.args.flag("force"), now_ms());
    if (!done) return report(context, done.error());
    if (context.args.flag("json")) context.out << nlohmann::json{{"retried", done.value()}}.dump(2) << "\n";
    if (!done.value()) {
      context.err << "vellum: task " << id
                  << " was not retried: not found, neither failed nor cancelled, attempts used up (use --force), "
                     "or its article already has a pending task\n";
      return kExitFailure;
    }
    if (!context.args.flag("json")) context.out << "task " << id << " is pending again\n";
    return kExitOk;
  });
}

// The command line of retry-failed as a request; invalid_argument naming the option that is wrong.
sdk::Result<sdk::RetryRequest> retry_request(const Arguments& args, sdk::Timestamp now) {
  auto bad = [](const std::string& message) { return sdk::Error(sdk::ErrorKind::invalid_argument, message); };
  const auto& pos = args.positionals();
  if (pos.size() > 1) return bad("retry-failed takes at most one MAX_ATTEMPTS");
  sdk::RetryRequest r;
  const auto attempts = args.value("max-attempts") ? args.value("max-attempts")
                                                   : (pos.empty() ? std::nullopt : std::optional<std::string>(pos[0]));
  if (attempts) {
    auto n = parse_count(*attempts);
    if (!n) return bad("retry-failed [MAX_ATTEMPTS] expects a number");
    r.attempts_below = static_cast<std::int32_t>(*n);
  }
  r.query.statuses = {sdk::TaskStatus::failed};
  if (args.flag("include-cancelled")) r.query.statuses.push_back(sdk::TaskStatus::cancelled);
  if (auto reason = args.value("reason")) {
    if (reason->empty()) return bad("--reason expects a metadata.reason (migration, full_reindex…)");
    r.query.reason = *reason;
  }
  if (auto since = args.value("since")) {
    auto from = parse_since(*since, now);
    if (!from) return bad("--since expects a duration (24h, 7d, 30m; a bare number is days) or an ISO-8601 timestamp");
    r.query.completed_after = *from;
  }
  if (auto error = args.value("error")) {
    if (error->empty()) return bad("--error expects part of an error message");
    r.query.error_contains = *error;
  }
  r.dry_run = args.flag("dry-run");
  return r;
}

// How many cancelled tasks the same filter matches: what the operator is told was left alone.
sdk::Result<std::int64_t> cancelled_matching(QueueSession& q, const sdk::RetryRequest& request) {
  sdk::TaskQuery query = request.query;
  query.statuses = {sdk::TaskStatus::cancelled};
  auto tasks = queue_admin::list_tasks(q.backend(), query);
  if (!tasks) return std::move(tasks).error();
  return static_cast<std::int64_t>(tasks->size());
}

int retry_failed(CommandContext& context) {
  const auto now = now_ms();
  auto request = retry_request(context.args, now);
  if (!request) return report(context, request.error());
  const auto& r = request.value();
  const bool include_cancelled = context.args.flag("include-cancelled");
  return with_queue(context, [&](QueueSession& q) {
    auto tasks = queue_admin::retry_failed(q.backend(), r, now);
    if (!tasks) return report(context, tasks.error());
    std::int64_t left_alone = 0;
    if (!include_cancelled) {
      auto n = cancelled_matching(q, r);
      if (!n) return report(context, n.error());
      left_alone = n.value();
    }
    const auto count = static_cast<std::int64_t>(tasks->size());
    if (context.args.flag("json")) {
      nlohmann::json listed = nlohmann::json::array();
      for (const auto& t : tasks.value()) listed.push_back(queue_admin::task_json(t));
      context.out << nlohmann::json{{"dryRun", r.dry_run},
                                    {r.dry_run ? "wouldRetry" : "retried", count},
                                    {"cancelledLeftAlone", left_alone},
                                    {"tasks", listed}}
                         .dump(2)
                  << "\n";
      return kExitOk;
    }
    if (r.dry_run) {
      context.out << "DRY RUN: " << count << " tasks would be retried; nothing changed.\n";
      for (const auto& t : tasks.value()) print_task_line(context.out, t, now);
    } else {
      context.out << count << " tasks are pending again\n";
    }
    if (left_alone > 0) {
      context.out << left_alone << " cancelled tasks match too and were left alone (an operator ended them; "
                  << "--include-cancelled retries them)\n";
    }
    return kExitOk;
  });
}

}  // namespace

void register_queue_retry_commands(CommandSet& commands) {
  commands.add({{"queue", "retry"}, "put one failed or cancelled task back to pending",
                "usage: vellum queue retry TASK_ID [--force] [--json]\n\n"
                "A failed task only while attempts < max_attempts, unless --force. A cancelled task always:\n"
                "naming it is the operator's decision to undo the cancellation.\n\n" + std::string(kQueueExitCodes),
                {{}, {"json", "force"}}, retry});
  commands.add({{"queue", "retry-failed"}, "put failed tasks back to pending (preview with --dry-run)",
                "usage: vellum queue retry-failed [MAX_ATTEMPTS] [--max-attempts N] [--reason R] [--since WHEN]\n"
                "                                 [--error TEXT] [--include-cancelled] [--dry-run] [--json]\n\n"
                "Failed tasks go back to pending, due now; for each article only its newest, and none\n"
                "whose article already has a pending task. Cancelled tasks (queue clear, emergency stop,\n"
                "a provider or migration rollback) are not failures and stay cancelled: retrying them\n"
                "would undo the operator's decision. The answer counts the cancelled tasks the filters\n"
                "matched and left alone.\n\n"
                "  MAX_ATTEMPTS, --max-attempts N  failed tasks with attempts < N (default: each task's\n"
                "                                  own max_attempts)\n"
                "  --reason R           metadata.reason (migration, full_reindex, manual_retry…)\n"
                "  --since WHEN         ended at or after WHEN: a duration ago (24h, 7d, 30m; a bare\n"
                "                       number is days) or an ISO-8601 timestamp\n"
                "  --error TEXT         the error message contains TEXT (case ignored)\n"
                "  --include-cancelled  retry matching cancelled tasks too (any attempts count)\n"
                "  --dry-run            list what would be retried; change nothing\n\n" +
                    std::string(kQueueExitCodes),
                {{"max-attempts", "reason", "since", "error"}, {"json", "dry-run", "include-cancelled"}},
                retry_failed});
}

}  // namespace vellum::cli
