// The operators' actions on the task table (`vellum queue clear|retry|retry-failed|import`, the REST
// queue routes): cancel, remove, retry, restore. Worker transitions live in task_repository.cpp.
#include <set>
#include <utility>

#include "repositories.hpp"
#include "vellum/storage_sql/sql_guard.hpp"

namespace vellum::storage_sql {

namespace {

// The statuses retry_failed may revive, narrowed by the caller's: failed unless cancelled is named too.
std::vector<sdk::TaskStatus> revivable(const std::vector<sdk::TaskStatus>& asked) {
  if (asked.empty()) return {sdk::TaskStatus::failed};
  std::vector<sdk::TaskStatus> out;
  for (auto s : asked)
    if (s == sdk::TaskStatus::failed || s == sdk::TaskStatus::cancelled) out.push_back(s);
  return out;
}

}  // namespace

// finished → pending, due now, as if never tried since; guarded so a task someone else revived or
// deleted meanwhile is left alone.
bool SqlTaskRepository::revive(const std::string& task_id, sdk::Timestamp now) {
  Params p(ctx_.dialect);
  const std::string sql = "UPDATE embedding_tasks SET status = 'pending', scheduled_at = " + p.ts(now) +
                          ", error_message = NULL, completed_at = NULL, processed_at = NULL, claimed_by = NULL, "
                          "lease_expires_at = NULL WHERE id = " + p.text(task_id) +
                          " AND status IN ('failed', 'cancelled')";
  return execute(ctx_, sql, p) == 1;
}

sdk::Result<std::int64_t> SqlTaskRepository::cancel(const sdk::TaskQuery& query, std::string_view message,
                                                    sdk::Timestamp now) {
  return guarded(ctx_.dialect, "tasks.cancel", [&]() -> sdk::Result<std::int64_t> {
    Params p(ctx_.dialect);
    // completed_at is always set, so a cancelled task never shows an empty end time (queue-spec §11.24).
    const std::string sql = "UPDATE embedding_tasks SET status = 'cancelled', error_message = " + p.text(message) +
                            ", completed_at = " + p.ts(now) + ", lease_expires_at = NULL WHERE " + where(query, p) +
                            " AND status IN ('pending', 'processing')";
    return static_cast<std::int64_t>(execute(ctx_, sql, p));
  });
}

sdk::Result<std::int64_t> SqlTaskRepository::remove(const sdk::TaskQuery& query) {
  return guarded(ctx_.dialect, "tasks.remove", [&]() -> sdk::Result<std::int64_t> {
    Params p(ctx_.dialect);
    return static_cast<std::int64_t>(execute(ctx_, "DELETE FROM embedding_tasks WHERE " + where(query, p), p));
  });
}

sdk::Result<bool> SqlTaskRepository::retry(std::string_view task_id, bool force, sdk::Timestamp now) {
  return guarded(ctx_.dialect, "tasks.retry", [&]() -> sdk::Result<bool> {
    auto task = find(std::string(task_id));
    if (!task) return false;
    const bool failed = task->status == sdk::TaskStatus::failed;
    if (!failed && task->status != sdk::TaskStatus::cancelled) return false;
    if (failed && !force && task->attempts >= task->max_attempts) return false;
    // A newer pending task of the article already covers this work.
    if (has_other_pending(*task)) return false;
    return revive(task->id, now);
  });
}

sdk::Result<std::vector<sdk::Task>> SqlTaskRepository::retry_failed(const sdk::RetryRequest& request,
                                                                    sdk::Timestamp now) {
  return guarded(ctx_.dialect, "tasks.retry_failed", [&]() -> sdk::Result<std::vector<sdk::Task>> {
    sdk::TaskQuery query = request.query;
    query.statuses = revivable(query.statuses);
    if (query.statuses.empty()) return std::vector<sdk::Task>{};
    Params p(ctx_.dialect);
    std::string condition = where(query, p);
    const std::string bound = request.attempts_below ? p.integer(*request.attempts_below) : std::string("max_attempts");
    condition += " AND (status = 'cancelled' OR attempts < " + bound + ")";
    // Newest first, so when an article failed several times its latest task is the one retried. The
    // articles taken are remembered rather than re-read, so a dry run answers exactly what a real one does.
    const auto candidates = select("WHERE " + condition + " ORDER BY created_at DESC, id DESC", p);
    std::set<std::pair<sdk::ArticleId, sdk::EmbeddingSetId>> taken;
    std::vector<sdk::Task> retried;
    for (const auto& task : candidates) {
      const auto key = std::make_pair(task.article_id, task.embedding_set_id.value_or(0));
      if (taken.count(key) > 0 || has_other_pending(task)) continue;
      if (!request.dry_run && !revive(task.id, now)) continue;
      taken.insert(key);
      retried.push_back(task);
    }
    return retried;
  });
}

sdk::Result<bool> SqlTaskRepository::restore(const sdk::Task& task) {
  return guarded(ctx_.dialect, "tasks.restore", [&]() -> sdk::Result<bool> {
    if (!ctx_.dialect.valid_task_id(task.id))
      return sdk::Error(sdk::ErrorKind::invalid_argument, "tasks.restore: '" + task.id + "' is not a task id");
    Params a(ctx_.dialect);
    if (query_integer(ctx_, "SELECT COUNT(*) FROM articles WHERE id = " + a.integer(task.article_id), a).value_or(0) == 0)
      return false;
    const std::optional<long long> set =
        task.embedding_set_id ? std::optional<long long>(*task.embedding_set_id) : std::nullopt;
    Params p(ctx_.dialect);
    // DO NOTHING without a target covers both the primary key and the one-pending-task-per-article index.
    const std::string sql =
        "INSERT INTO embedding_tasks (id, article_id, slug, operation, priority, status, attempts, max_attempts, "
        "created_at, scheduled_at, processed_at, completed_at, error_message, metadata, claimed_by, lease_expires_at, "
        "embedding_set_id) VALUES (" + p.text(task.id) + ", " + p.integer(task.article_id) + ", " + p.text(task.slug) +
        ", " + p.text(sdk::to_string(task.operation)) + ", " + p.text(sdk::to_string(task.priority)) + ", " +
        p.text(sdk::to_string(task.status)) + ", " + p.integer(task.attempts) + ", " + p.integer(task.max_attempts) +
        ", " + p.ts(task.created_at) + ", " + p.ts(task.scheduled_at) + ", " + p.opt_ts(task.processed_at) + ", " +
        p.opt_ts(task.completed_at) + ", " + p.opt_text(task.error_message) + ", " + p.text(task.metadata_json) + ", " +
        p.opt_text(task.claimed_by) + ", " + p.opt_ts(task.lease_expires_at) + ", " + p.opt_integer(set) +
        ") ON CONFLICT DO NOTHING";
    return execute(ctx_, sql, p) == 1;
  });
}

}  // namespace vellum::storage_sql
