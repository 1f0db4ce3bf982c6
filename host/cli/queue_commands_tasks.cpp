// vellum queue list | recent | failed | stuck | inspect | debug | article | clear | cleanup |
// cleanup-stuck | reset-stuck — looking at tasks and acting on them (retry: queue_commands_retry.cpp).
#include <ostream>

#include <nlohmann/json.hpp>

#include "cli/queue_cli.hpp"
#include "common/clock.hpp"
#include "queue_admin/admin_operations.hpp"
#include "queue_admin/failure_kind.hpp"
#include "queue_admin/task_json.hpp"

namespace vellum::cli {

namespace {

// Filters shared by list and clear: --status, --priority, --reason, --older-than.
struct Filter {
  sdk::TaskQuery query;
  std::string error;
};

Filter read_filter(CommandContext& context, std::optional<std::string> status) {
  Filter f;
  if (!status) status = context.args.value("status");
  if (status) {
    auto s = sdk::parse_task_status(*status);
    if (!s) {
      f.error = "status must be pending, processing, completed, failed or cancelled, got '" + *status + "'";
      return f;
    }
    f.query.statuses = {*s};
  }
  if (auto p = context.args.value("priority")) {
    auto parsed = sdk::parse_task_priority(*p);
    if (!parsed) {
      f.error = "--priority must be high, normal or low";
      return f;
    }
    f.query.priority = parsed;
  }
  if (auto r = context.args.value("reason")) f.query.reason = *r;
  if (auto o = context.args.value("older-than")) {
    auto d = parse_duration(*o, std::chrono::hours(24));
    if (!d) {
      f.error = "--older-than expects a duration (7d, 12h, 30m; a bare number is days)";
      return f;
    }
    f.query.created_before = now_ms() - *d;
  }
  return f;
}

int list(CommandContext& context) {
  const auto& pos = context.args.positionals();
  auto filter = read_filter(context, pos.empty() ? std::nullopt : std::optional<std::string>(pos[0]));
  if (!filter.error.empty()) return usage(context, filter.error);
  auto limit = parse_count(context.args.value("limit").value_or(pos.size() > 1 ? pos[1] : "20"));
  auto offset = parse_count(context.args.value("offset").value_or(pos.size() > 2 ? pos[2] : "0"));
  if (!limit || !offset) return usage(context, "--limit and --offset expect numbers");
  filter.query.limit = static_cast<std::size_t>(*limit);
  filter.query.offset = static_cast<std::size_t>(*offset);
  return with_queue(context, [&](QueueSession& q) {
    auto tasks = queue_admin::list_tasks(q.backend(), filter.query);
    if (!tasks) return report(context, tasks.error());
    return print_tasks(context, tasks.value(), filter.query.limit);
  });
}

int list_fixed(CommandContext& context, sdk::TaskQuery query) {
  auto limit = parse_count(context.args.value("limit").value_or("20"));
  if (!limit) return usage(context, "--limit expects a number");
  query.limit = static_cast<std::size_t>(*limit);
  return with_queue(context, [&](QueueSession& q) {
    auto tasks = queue_admin::list_tasks(q.backend(), query);
    if (!tasks) return report(context, tasks.error());
    return print_tasks(context, tasks.value(), query.limit);
  });
}

int stuck(CommandContext& context) {
  return with_queue(context, [&](QueueSession& q) {
    auto minutes = parse_duration(context.args.value("minutes").value_or(
                                      std::to_string(q.settings.max_processing_time.count() / 60000)),
                                  std::chrono::minutes(1));
    if (!minutes) return usage(context, "--minutes expects a number");
    sdk::TaskQuery query;
    query.statuses = {sdk::TaskStatus::processing};
    query.processed_before = now_ms() - *minutes;
    auto tasks = queue_admin::list_tasks(q.backend(), query);
    if (!tasks) return report(context, tasks.error());
    return print_tasks(context, tasks.value(), 0);
  });
}

// inspect and debug: the task, its timings, and the other tasks of its article.
int inspect(CommandContext& context, bool debug) {
  if (context.args.positionals().size() != 1) return usage(context, "expects one TASK_ID");
  const std::string id = context.args.positionals()[0];
  return with_queue(context, [&](QueueSession& q) {
    auto task = queue_admin::find_task(q.backend(), id);
    if (!task) return report(context, task.error());
    if (!task.value()) {
      context.err << "vellum: task not found: " << id << "\n";
      return kExitFailure;
    }
    const auto& t = *task.value();
    sdk::TaskQuery same;
    same.article_id = t.article_id;
    same.limit = 6;
    auto others = queue_admin::list_tasks(q.backend(), same);
    if (!others) return report(context, others.error());
    nlohmann::json body = queue_admin::task_json(t);
    if (t.processed_at) {
      body["waitTimeSeconds"] =
          static_cast<double>(std::chrono::duration_cast<std::chrono::milliseconds>(*t.processed_at - t.scheduled_at).count()) / 1000.0;
    }
    if (t.processed_at && t.completed_at) {
      body["processingTimeSeconds"] =
          static_cast<double>(std::chrono::duration_cast<std::chrono::milliseconds>(*t.completed_at - *t.processed_at).count()) / 1000.0;
    }
    nlohmann::json related = nlohmann::json::array();
    for (const auto& o : others.value())
      if (o.id != t.id) related.push_back(queue_admin::task_json(o));
    body["otherTasksOfArticle"] = related;
    if (debug) {
      const std::string kind = queue_admin::failure_kind(t);
      std::vector<std::string> advice;
      if (t.status == sdk::TaskStatus::failed) advice.push_back("retry: vellum queue retry " + t.id + " [--force]");
      if (t.status == sdk::TaskStatus::cancelled) {
        advice.push_back("an operator cancelled it (" + t.error_message.value_or("no reason given") +
                         "); to undo that: vellum queue retry " + t.id);
      }
      if (t.status == sdk::TaskStatus::processing) advice.push_back("if stuck: vellum queue cleanup-stuck --minutes 30");
      if (t.status == sdk::TaskStatus::pending && t.scheduled_at > now_ms()) advice.push_back("scheduled for a later retry");
      if (kind == "authentication") advice.push_back("check the provider's API key (embedding.*.api_key)");
      if (kind == "connection" || kind == "timeout") advice.push_back("check the provider is reachable: curl /health");
      body["debug"] = {{"errorKind", kind}, {"recommendations", advice}};
    }
    if (context.args.flag("json")) {
      context.out << body.dump(2) << "\n";
      return kExitOk;
    }
    context.out << body.dump(2) << "\n";
    return kExitOk;
  });
}

int article_history(CommandContext& context) {
  if (context.args.positionals().size() != 1) return usage(context, "expects one ARTICLE_ID");
  auto id = parse_count(context.args.positionals()[0]);
  if (!id) return usage(context, "ARTICLE_ID must be a number");
  sdk::TaskQuery q;
  q.article_id = *id;
  return list_fixed(context, q);
}

int clear(CommandContext& context) {
  auto filter = read_filter(context, std::nullopt);
  if (!filter.error.empty()) return usage(context, filter.error);
  queue_admin::ClearRequest request;
  request.all = context.args.flag("all");
  request.statuses = filter.query.statuses;
  request.reason = filter.query.reason;
  request.priority = filter.query.priority;
  request.created_before = filter.query.created_before;
  request.confirm = context.args.flag("confirm");
  if (!request.all && request.statuses.empty()) return usage(context, "clear needs --status STATUS or --all");
  return with_queue(context, [&](QueueSession& q) {
    auto done = queue_admin::clear(q.backend(), request, now_ms());
    if (!done) return report(context, done.error());
    const auto& o = done.value();
    if (context.args.flag("json")) {
      context.out << nlohmann::json{{"dryRun", o.dry_run}, {"matched", o.matched}, {"cancelled", o.cancelled},
                                    {"deleted", o.deleted}}
                         .dump(2)
                  << "\n";
    } else if (o.dry_run) {
      context.out << "DRY RUN: " << o.matched << " tasks match; nothing changed. Add --confirm to "
                  << (request.all ? "delete them" : "cancel open ones and delete finished ones") << ".\n";
    } else {
      context.out << "cleared " << o.matched << " tasks: " << o.cancelled << " cancelled ('"
                  << queue_admin::kCancelledMessage << "'), " << o.deleted << " deleted\n";
    }
    return kExitOk;
  });
}

int cleanup(CommandContext& context) {
  const auto text = context.args.value("days").value_or(
      context.args.positionals().empty() ? "30" : context.args.positionals()[0]);
  auto days = parse_count(text);
  if (!days) return usage(context, "cleanup expects a number of days");
  return with_queue(context, [&](QueueSession& q) {
    const bool confirm = context.args.flag("confirm");
    if (!confirm) {
      sdk::TaskQuery query;
      query.statuses = {sdk::TaskStatus::completed};
      query.completed_before = now_ms() - std::chrono::hours(24 * *days);
      auto matched = queue_admin::list_tasks(q.backend(), query);
      if (!matched) return report(context, matched.error());
      if (context.args.flag("json")) {
        context.out << nlohmann::json{{"dryRun", true}, {"matched", matched->size()}}.dump(2) << "\n";
      } else {
        context.out << "DRY RUN: " << matched->size() << " completed tasks older than " << *days
                    << " days; add --confirm to delete them\n";
      }
      return kExitOk;
    }
    auto n = queue_admin::cleanup_completed(q.backend(), std::chrono::hours(24 * *days), now_ms());
    if (!n) return report(context, n.error());
    if (context.args.flag("json")) context.out << nlohmann::json{{"dryRun", false}, {"deleted", n.value()}}.dump(2) << "\n";
    else context.out << "deleted " << n.value() << " completed tasks older than " << *days << " days\n";
    return kExitOk;
  });
}

int cleanup_stuck(CommandContext& context) {
  const auto text = context.args.value("minutes").value_or(
      context.args.positionals().empty() ? "30" : context.args.positionals()[0]);
  auto minutes = parse_count(text);
  if (!minutes) return usage(context, "cleanup-stuck expects a number of minutes");
  return with_queue(context, [&](QueueSession& q) {
    auto n = queue_admin::reset_stuck(q.backend(), std::chrono::minutes(*minutes), now_ms());
    if (!n) return report(context, n.error());
    if (context.args.flag("json")) context.out << nlohmann::json{{"reset", n.value()}}.dump(2) << "\n";
    else context.out << n.value() << " tasks processing for more than " << *minutes << " min are pending again\n";
    return kExitOk;
  });
}

const std::string kFilterHelp =
    "  --status S        pending, processing, completed, failed or cancelled\n"
    "  --priority P      high, normal or low\n"
    "  --reason R        metadata.reason (migration, full_reindex, manual_retry…)\n"
    "  --older-than D    created more than D ago (7d, 12h, 30m; a bare number is days)\n";

}  // namespace

void register_queue_task_commands(CommandSet& commands) {
  const OptionSpec list_options{{"status", "priority", "reason", "older-than", "limit", "offset"}, {"json"}};
  commands.add({{"queue", "list"}, "list tasks, newest first (filter by status, priority, reason, age)",
                "usage: vellum queue list [STATUS [LIMIT [OFFSET]]] [--limit N] [--offset N] [--json]\n" + kFilterHelp +
                    "\n" + kQueueExitCodes,
                list_options, list});
  commands.add({{"queue", "recent"}, "the newest tasks of any status", "usage: vellum queue recent [--limit N] [--json]\n\n" +
                    std::string(kQueueExitCodes),
                {{"limit"}, {"json"}}, [](CommandContext& c) { return list_fixed(c, {}); }});
  commands.add({{"queue", "failed"}, "failed tasks with their errors",
                "usage: vellum queue failed [--limit N] [--details] [--json]\n\n" + std::string(kQueueExitCodes),
                {{"limit"}, {"json", "details"}}, [](CommandContext& c) {
                  sdk::TaskQuery q;
                  q.statuses = {sdk::TaskStatus::failed};
                  return list_fixed(c, q);
                }});
  commands.add({{"queue", "stuck"}, "processing tasks claimed longer ago than max_processing_time",
                "usage: vellum queue stuck [--minutes N] [--json]\n\n" + std::string(kQueueExitCodes),
                {{"minutes"}, {"json"}}, stuck});
  commands.add({{"queue", "inspect"}, "one task in full, with timings and its article's other tasks",
                "usage: vellum queue inspect TASK_ID [--json]\n\n" + std::string(kQueueExitCodes), {{}, {"json"}},
                [](CommandContext& c) { return inspect(c, false); }});
  commands.add({{"queue", "debug"}, "inspect plus error classification and recommendations",
                "usage: vellum queue debug TASK_ID [--json]\n\n" + std::string(kQueueExitCodes), {{}, {"json"}},
                [](CommandContext& c) { return inspect(c, true); }});
  commands.add({{"queue", "article"}, "the task history of one article",
                "usage: vellum queue article ARTICLE_ID [--limit N] [--json]\n\n" + std::string(kQueueExitCodes),
                {{"limit"}, {"json"}}, article_history});
  commands.add({{"queue", "clear"}, "cancel or delete matching tasks (dry run unless --confirm)",
                "usage: vellum queue clear (--status S | --all) [--reason R] [--priority P] [--older-than D]\n"
                "                          [--confirm] [--json]\n\n"
                "Pending and processing tasks are cancelled: status cancelled, error 'Cancelled by\n"
                "administrator' and completed_at, so the history stays. A cancellation is not a failure:\n"
                "queue health does not count it and retry-failed does not revive it (unless\n"
                "--include-cancelled). Completed, failed and cancelled tasks are deleted. --all deletes\n"
                "every matching task of any status. Without --confirm nothing changes: the matching\n"
                "count is printed (a dry run, exit 0).\n" + kFilterHelp + "\n" + kQueueExitCodes,
                {{"status", "priority", "reason", "older-than"}, {"json", "all", "confirm"}}, clear});
  commands.add({{"queue", "cleanup"}, "delete completed tasks older than N days (dry run unless --confirm)",
                "usage: vellum queue cleanup [DAYS] [--days N] [--confirm] [--json]\n\nDAYS defaults to 30.\n\n" +
                    std::string(kQueueExitCodes),
                {{"days"}, {"json", "confirm"}}, cleanup});
  const std::string stuck_help =
      "usage: vellum queue cleanup-stuck [MINUTES] [--minutes N] [--json]\n\n"
      "Processing tasks claimed more than MINUTES (default 30) ago go back to pending; the attempt is\n"
      "refunded. A worker that is still on the task has its result dropped.\n\n" + std::string(kQueueExitCodes);
  commands.add({{"queue", "cleanup-stuck"}, "reset tasks stuck in processing to pending", stuck_help,
                {{"minutes"}, {"json"}}, cleanup_stuck});
  commands.add({{"queue", "reset-stuck"}, "alias of cleanup-stuck", stuck_help, {{"minutes"}, {"json"}}, cleanup_stuck});
}

}  // namespace vellum::cli
