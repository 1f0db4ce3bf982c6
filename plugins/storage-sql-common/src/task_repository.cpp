#include <algorithm>
#include <stdexcept>

#include "repositories.hpp"
#include "statement_cache.hpp"
#include "vellum/storage_sql/ids.hpp"
#include "vellum/storage_sql/sql_guard.hpp"

namespace vellum::storage_sql {

namespace {

// Priorities are stored as text (operators filter on 'high'…); this ranks them for ordering and merging.
// rank("priority") must stay identical to the expression of idx_embedding_tasks_due (migration
// claim_order_index), or the claim sorts every pending task again.
std::string rank(std::string_view expr) {
  const std::string e(expr);
  return "(CASE " + e + " WHEN 'high' THEN 0 WHEN 'normal' THEN 1 ELSE 2 END)";
}

std::string task_columns(const Dialect& d) {
  return "id, article_id, slug, operation, priority, status, attempts, max_attempts, " + d.ts_out("created_at") + ", " +
         d.ts_out("scheduled_at") + ", " + d.ts_out("processed_at") + ", " + d.ts_out("completed_at") +
         ", error_message, metadata, claimed_by, " + d.ts_out("lease_expires_at") + ", embedding_set_id";
}

template <class T>
T parse_or_throw(std::optional<T> value, const std::string& column, const std::string& text) {
  if (!value) throw std::runtime_error("embedding_tasks." + column + " holds unknown value '" + text + "'");
  return *value;
}

struct TaskRow {
  std::string id, slug, operation, priority, status, created_at, scheduled_at;
  long long article_id = 0, attempts = 0, max_attempts = 0;
  OptTextOut processed_at, completed_at, error_message, metadata, claimed_by, lease_expires_at;
  OptIntOut embedding_set_id;

  void bind(soci::details::prepare_temp_type& st) {
    st, soci::into(id), soci::into(article_id), soci::into(slug), soci::into(operation), soci::into(priority),
        soci::into(status), soci::into(attempts), soci::into(max_attempts), soci::into(created_at),
        soci::into(scheduled_at), soci::into(processed_at.value, processed_at.ind),
        soci::into(completed_at.value, completed_at.ind), soci::into(error_message.value, error_message.ind),
        soci::into(metadata.value, metadata.ind), soci::into(claimed_by.value, claimed_by.ind),
        soci::into(lease_expires_at.value, lease_expires_at.ind),
        soci::into(embedding_set_id.value, embedding_set_id.ind);
  }
  sdk::Task get(const Dialect& d) const {
    sdk::Task t;
    t.id = id;
    t.article_id = article_id;
    t.slug = slug;
    t.operation = parse_or_throw(sdk::parse_task_operation(operation), "operation", operation);
    t.priority = parse_or_throw(sdk::parse_task_priority(priority), "priority", priority);
    t.status = parse_or_throw(sdk::parse_task_status(status), "status", status);
    t.attempts = static_cast<std::int32_t>(attempts);
    t.max_attempts = static_cast<std::int32_t>(max_attempts);
    t.created_at = timestamp_from_db(created_at);
    t.scheduled_at = timestamp_from_db(scheduled_at);
    t.processed_at = opt_timestamp(processed_at);
    t.completed_at = opt_timestamp(completed_at);
    t.error_message = error_message.get();
    t.metadata_json = d.json_from_db(metadata.or_default("{}"));
    t.claimed_by = claimed_by.get();
    t.lease_expires_at = opt_timestamp(lease_expires_at);
    if (auto set = embedding_set_id.get()) t.embedding_set_id = *set;
    return t;
  }
};

// The guard of every worker transition: the task is still ours.
std::string claimed_guard(Params& p, std::string_view task_id, std::string_view worker_id) {
  return "id = " + p.text(task_id) + " AND status = 'processing' AND claimed_by = " + p.text(worker_id);
}

}  // namespace

std::vector<sdk::Task> SqlTaskRepository::select(const std::string& tail, Params& params,
                                                 const std::string& index_hint) {
  const std::string from = "FROM embedding_tasks " + index_hint + (index_hint.empty() ? "" : " ");
  CachedQuery<TaskRow> query(ctx_, "SELECT " + task_columns(ctx_.dialect) + " " + from + tail, params);
  query.open();
  std::vector<sdk::Task> out;
  while (query.next()) out.push_back(query.row().get(ctx_.dialect));
  return out;
}

std::optional<sdk::Task> SqlTaskRepository::find(const std::string& id) {
  if (!ctx_.dialect.valid_task_id(id)) return std::nullopt;
  Params p(ctx_.dialect);
  auto rows = select("WHERE id = " + p.text(id), p);
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

std::string SqlTaskRepository::where(const sdk::TaskQuery& query, Params& p) const {
  std::string sql = "1 = 1";
  if (!query.statuses.empty()) {
    sql += " AND status IN (";
    for (std::size_t i = 0; i < query.statuses.size(); ++i)
      sql += (i ? ", " : "") + p.text(sdk::to_string(query.statuses[i]));
    sql += ")";
  }
  if (query.priority) sql += " AND priority = " + p.text(sdk::to_string(*query.priority));
  if (query.reason) sql += " AND " + ctx_.dialect.json_text("metadata", "reason") + " = " + p.text(*query.reason);
  if (query.created_before) sql += " AND created_at < " + p.ts(*query.created_before);
  if (query.completed_before) sql += " AND completed_at < " + p.ts(*query.completed_before);
  if (query.completed_after) sql += " AND completed_at >= " + p.ts(*query.completed_after);
  if (query.processed_before) sql += " AND processed_at < " + p.ts(*query.processed_before);
  if (query.error_contains) sql += " AND " + contains_sql("error_message", *query.error_contains, p);
  if (query.article_id) sql += " AND article_id = " + p.integer(*query.article_id);
  if (query.embedding_set_id) sql += " AND embedding_set_id = " + p.integer(*query.embedding_set_id);
  // A malformed id matches nothing (PostgreSQL would reject it as a uuid).
  if (query.task_id)
    sql += ctx_.dialect.valid_task_id(*query.task_id) ? " AND id = " + p.text(*query.task_id) : std::string(" AND 1 = 0");
  return sql;
}

bool SqlTaskRepository::has_other_pending(const sdk::Task& task) {
  Params p(ctx_.dialect);
  return query_integer(ctx_,
                       "SELECT COUNT(*) FROM embedding_tasks WHERE status = 'pending' AND article_id = " +
                           p.integer(task.article_id) + " AND COALESCE(embedding_set_id, 0) = " +
                           p.integer(task.embedding_set_id.value_or(0)) + " AND id <> " + p.text(task.id),
                       p)
             .value_or(0) > 0;
}

// processing → pending. When the article got a newer pending task meanwhile, the two merge exactly
// as two enqueues would (one pending task per article and set): this row goes, the pending one keeps
// the higher priority, the earlier due time and this error as its last error.
bool SqlTaskRepository::requeue(const sdk::Task& task, const std::string& error, sdk::Timestamp run_at, bool refund,
                                const Guard& guard) {
  if (has_other_pending(task)) {
    Params gp(ctx_.dialect);
    if (execute(ctx_, "DELETE FROM embedding_tasks WHERE " + guard(gp), gp) == 0) return false;
    Params p(ctx_.dialect);
    const std::string old_priority = p.text(sdk::to_string(task.priority));
    const std::string old_priority_again = p.text(sdk::to_string(task.priority));
    execute(ctx_,
            "UPDATE embedding_tasks SET priority = CASE WHEN " + rank(old_priority) + " < " + rank("priority") +
                " THEN " + old_priority_again + " ELSE priority END, scheduled_at = " +
                ctx_.dialect.least("scheduled_at", p.ts(run_at)) + ", error_message = " + p.text(error) +
                " WHERE status = 'pending' AND article_id = " + p.integer(task.article_id) +
                " AND COALESCE(embedding_set_id, 0) = " + p.integer(task.embedding_set_id.value_or(0)),
            p);
    return true;
  }
  Params p(ctx_.dialect);
  std::string sql = "UPDATE embedding_tasks SET status = 'pending', scheduled_at = " + p.ts(run_at) +
                    ", error_message = " + p.text(error) +
                    ", processed_at = NULL, claimed_by = NULL, lease_expires_at = NULL";
  if (refund) sql += ", attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END";
  sql += " WHERE " + guard(p);
  return execute(ctx_, sql, p) == 1;
}

sdk::Result<sdk::EnqueueOutcome> SqlTaskRepository::enqueue(const sdk::TaskDraft& draft) {
  return guarded(ctx_.dialect, "tasks.enqueue", [&]() -> sdk::Result<sdk::EnqueueOutcome> {
    if (draft.max_attempts < 1)
      return sdk::Error(sdk::ErrorKind::invalid_argument, "tasks.enqueue: max_attempts must be at least 1");
    const Dialect& d = ctx_.dialect;
    const std::string id = new_uuid();
    const std::optional<long long> set =
        draft.embedding_set_id ? std::optional<long long>(*draft.embedding_set_id) : std::nullopt;
    const auto scheduled = draft.scheduled_at == sdk::Timestamp{} ? draft.now : draft.scheduled_at;
    Params p(d);
    // Coalescing is one statement against the partial unique index "one pending task per article
    // and set": newest operation, metadata and slug; highest priority; earliest due time.
    const std::string sql =
        "INSERT INTO embedding_tasks (id, article_id, slug, operation, priority, status, attempts, max_attempts, "
        "created_at, scheduled_at, metadata, embedding_set_id) VALUES (" + p.text(id) + ", " +
        p.integer(draft.article_id) + ", " + p.text(draft.slug) + ", " + p.text(sdk::to_string(draft.operation)) + ", " +
        p.text(sdk::to_string(draft.priority)) + ", 'pending', 0, " + p.integer(draft.max_attempts) + ", " +
        p.ts(draft.now) + ", " + p.ts(scheduled) + ", " + p.text(draft.metadata_json) + ", " + p.opt_integer(set) +
        ") ON CONFLICT (article_id, COALESCE(embedding_set_id, 0)) WHERE status = 'pending' DO UPDATE SET "
        "operation = excluded.operation, metadata = excluded.metadata, slug = excluded.slug, "
        "max_attempts = excluded.max_attempts, priority = CASE WHEN " + rank("excluded.priority") + " < " +
        rank("embedding_tasks.priority") + " THEN excluded.priority ELSE embedding_tasks.priority END, "
        "scheduled_at = " + d.least("embedding_tasks.scheduled_at", "excluded.scheduled_at");
    execute(ctx_, sql, p);
    Params q(d);
    auto rows = select("WHERE status = 'pending' AND article_id = " + q.integer(draft.article_id) +
                           " AND COALESCE(embedding_set_id, 0) = " + q.integer(set.value_or(0)),
                       q);
    if (rows.empty()) return sdk::Error(sdk::ErrorKind::internal, "tasks.enqueue: the pending task vanished");
    const bool coalesced = rows.front().id != id;
    return sdk::EnqueueOutcome{std::move(rows.front()), coalesced};
  });
}

sdk::Result<std::vector<sdk::Task>> SqlTaskRepository::claim_batch(std::string_view worker_id, std::size_t limit,
                                                                   sdk::Timestamp now,
                                                                   std::chrono::milliseconds lease) {
  return guarded(ctx_.dialect, "tasks.claim_batch", [&]() -> sdk::Result<std::vector<sdk::Task>> {
    if (const auto setup = ctx_.dialect.before_claim(); !setup.empty()) ctx_.sql << setup;
    std::vector<std::string> claimed;
    while (claimed.size() < limit) {
      // Candidates skip articles with a task in processing; after each page the claimed ones are in
      // processing too, so the next page never offers a second task of an article.
      // The page size is written into the text, not bound: PostgreSQL plans a kept statement once for
      // all values, and only a known small LIMIT makes reading idx_embedding_tasks_due in order the
      // plan it picks over sorting every pending task.
      Params p(ctx_.dialect);
      const std::string page = "WHERE status = 'pending' AND scheduled_at <= " + p.ts(now) +
                               " AND NOT EXISTS (SELECT 1 FROM embedding_tasks busy WHERE busy.article_id = "
                               "embedding_tasks.article_id AND busy.status = 'processing') ORDER BY " +
                               rank("priority") + ", scheduled_at, created_at, id LIMIT " +
                               std::to_string(std::max<std::size_t>(limit * 2, 16)) + " " +
                               ctx_.dialect.claim_lock_clause();
      auto candidates = select(page, p, ctx_.dialect.due_tasks_index_hint());
      if (candidates.empty()) break;
      std::vector<sdk::ArticleId> taken;
      for (const auto& task : candidates) {
        if (claimed.size() >= limit) break;
        if (std::find(taken.begin(), taken.end(), task.article_id) != taken.end()) continue;
        Params u(ctx_.dialect);
        const std::string sql = "UPDATE embedding_tasks SET status = 'processing', attempts = attempts + 1, "
                                "processed_at = " + u.ts(now) + ", claimed_by = " + u.text(worker_id) +
                                ", lease_expires_at = " + u.ts(now + lease) + " WHERE id = " + u.text(task.id) +
                                " AND status = 'pending'";
        if (execute(ctx_, sql, u) == 1) {
          claimed.push_back(task.id);
          taken.push_back(task.article_id);
        }
      }
      if (taken.empty()) break;
    }
    std::vector<sdk::Task> out;
    for (const auto& id : claimed)
      if (auto task = find(id)) out.push_back(std::move(*task));
    return out;
  });
}

sdk::Result<bool> SqlTaskRepository::complete(std::string_view task_id, std::string_view worker_id, sdk::Timestamp now) {
  return guarded(ctx_.dialect, "tasks.complete", [&]() -> sdk::Result<bool> {
    if (!ctx_.dialect.valid_task_id(task_id)) return false;
    Params p(ctx_.dialect);
    const std::string sql = "UPDATE embedding_tasks SET status = 'completed', completed_at = " + p.ts(now) +
                            ", lease_expires_at = NULL WHERE " + claimed_guard(p, task_id, worker_id);
    return execute(ctx_, sql, p) == 1;
  });
}

sdk::Result<bool> SqlTaskRepository::reschedule(std::string_view task_id, std::string_view worker_id,
                                                std::string_view error, sdk::Timestamp run_at, bool refund_attempt) {
  return guarded(ctx_.dialect, "tasks.reschedule", [&]() -> sdk::Result<bool> {
    auto task = find(std::string(task_id));
    if (!task || task->status != sdk::TaskStatus::processing || task->claimed_by != std::string(worker_id)) return false;
    return requeue(*task, std::string(error), run_at, refund_attempt,
                   [&](Params& p) { return claimed_guard(p, task_id, worker_id); });
  });
}

sdk::Result<bool> SqlTaskRepository::fail(std::string_view task_id, std::string_view worker_id, std::string_view error,
                                          sdk::Timestamp now) {
  return guarded(ctx_.dialect, "tasks.fail", [&]() -> sdk::Result<bool> {
    if (!ctx_.dialect.valid_task_id(task_id)) return false;
    Params p(ctx_.dialect);
    const std::string sql = "UPDATE embedding_tasks SET status = 'failed', error_message = " + p.text(error) +
                            ", completed_at = " + p.ts(now) + ", lease_expires_at = NULL WHERE " +
                            claimed_guard(p, task_id, worker_id);
    return execute(ctx_, sql, p) == 1;
  });
}

sdk::Result<bool> SqlTaskRepository::extend_lease(std::string_view task_id, std::string_view worker_id,
                                                  sdk::Timestamp until) {
  return guarded(ctx_.dialect, "tasks.extend_lease", [&]() -> sdk::Result<bool> {
    if (!ctx_.dialect.valid_task_id(task_id)) return false;
    Params p(ctx_.dialect);
    const std::string sql = "UPDATE embedding_tasks SET lease_expires_at = " + p.ts(until) + " WHERE " +
                            claimed_guard(p, task_id, worker_id);
    return execute(ctx_, sql, p) == 1;
  });
}

sdk::Result<std::int64_t> SqlTaskRepository::rescue_expired(sdk::Timestamp now, std::string_view message) {
  return guarded(ctx_.dialect, "tasks.rescue_expired", [&]() -> sdk::Result<std::int64_t> {
    Params p(ctx_.dialect);
    const auto expired = select("WHERE status = 'processing' AND lease_expires_at < " + p.ts(now) +
                                    " ORDER BY lease_expires_at, id",
                                p);
    const std::string error(message);
    std::int64_t rescued = 0;
    for (const auto& task : expired) {
      auto guard = [&](Params& g) {
        return "id = " + g.text(task.id) + " AND status = 'processing' AND lease_expires_at < " + g.ts(now);
      };
      if (task.attempts >= task.max_attempts) {
        // Its last attempt died with its worker: it cannot be tried again.
        Params u(ctx_.dialect);
        const std::string sql = "UPDATE embedding_tasks SET status = 'failed', error_message = " + u.text(error) +
                                ", completed_at = " + u.ts(now) + ", lease_expires_at = NULL WHERE " + guard(u);
        rescued += execute(ctx_, sql, u);
      } else if (requeue(task, error, now, false, guard)) {
        ++rescued;
      }
    }
    return rescued;
  });
}

sdk::Result<std::optional<sdk::Task>> SqlTaskRepository::get(std::string_view task_id) {
  return guarded(ctx_.dialect, "tasks.get",
                 [&]() -> sdk::Result<std::optional<sdk::Task>> { return find(std::string(task_id)); });
}

sdk::Result<std::vector<sdk::Task>> SqlTaskRepository::list(const sdk::TaskQuery& query) {
  return guarded(ctx_.dialect, "tasks.list", [&]() -> sdk::Result<std::vector<sdk::Task>> {
    Params p(ctx_.dialect);
    const std::string condition = where(query, p);
    return select("WHERE " + condition + " ORDER BY created_at DESC, id DESC" +
                      limit_offset(p, query.limit, query.offset),
                  p);
  });
}

sdk::Result<sdk::TaskCounts> SqlTaskRepository::counts() {
  return guarded(ctx_.dialect, "tasks.counts", [&]() -> sdk::Result<sdk::TaskCounts> {
    sdk::TaskCounts out;
    for (auto s : sdk::kTaskStatuses) out.by_status[std::string(sdk::to_string(s))] = 0;
    for (auto pr : {sdk::TaskPriority::high, sdk::TaskPriority::normal, sdk::TaskPriority::low})
      out.by_priority[std::string(sdk::to_string(pr))] = 0;
    for (auto o : {sdk::TaskOperation::create, sdk::TaskOperation::update, sdk::TaskOperation::delete_})
      out.by_operation[std::string(sdk::to_string(o))] = 0;
    const std::pair<const char*, std::map<std::string, std::int64_t>*> groups[] = {
        {"SELECT status, COUNT(*) FROM embedding_tasks GROUP BY status", &out.by_status},
        {"SELECT priority, COUNT(*) FROM embedding_tasks WHERE status IN ('pending', 'processing') GROUP BY priority",
         &out.by_priority},
        {"SELECT operation, COUNT(*) FROM embedding_tasks WHERE status IN ('pending', 'processing') GROUP BY operation",
         &out.by_operation}};
    for (const auto& [sql, target] : groups) {
      std::string key;
      long long n = 0;
      soci::statement st = (ctx_.sql.prepare << sql, soci::into(key), soci::into(n));
      st.execute();
      while (st.fetch()) (*target)[key] = n;
    }
    return out;
  });
}

}  // namespace vellum::storage_sql
