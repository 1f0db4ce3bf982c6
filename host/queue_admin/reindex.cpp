#include "queue_admin/reindex.hpp"

#include <set>

#include <nlohmann/json.hpp>

namespace vellum::queue_admin {

namespace {

sdk::Result<std::int64_t> article_total(sdk::StorageBackend& storage) {
  std::int64_t total = 0;
  auto read = storage.read([&](sdk::Repositories& repos) -> sdk::Status {
    auto n = repos.articles().count({});
    if (!n) return std::move(n).error();
    total = n.value();
    return {};
  });
  if (!read) return read.error();
  return total;
}

}  // namespace

sdk::Result<ReindexOutcome> queue_reindex(sdk::StorageBackend& storage, const ReindexRequest& request,
                                          sdk::Timestamp now, const ReindexProgress& progress) {
  if (request.batch_size == 0) return sdk::Error(sdk::ErrorKind::invalid_argument, "batch size must be at least 1");
  ReindexOutcome out;
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  out.operation_id = (request.reason == "migration" ? "migration_" : "reindex_") + std::to_string(ms);
  auto total = article_total(storage);
  if (!total) return std::move(total).error();

  std::set<sdk::ArticleId> needing;  // missing from the set, or embedded from an older text
  if (request.missing_in_set) {
    auto read = storage.read([&](sdk::Repositories& repos) -> sdk::Status {
      auto ids = repos.embedding_sets().articles_needing(*request.missing_in_set, 0, 0);
      if (!ids) return std::move(ids).error();
      needing.insert(ids.value().begin(), ids.value().end());
      return {};
    });
    if (!read) return read.error();
  }

  sdk::ArticleId after = 0;
  for (;;) {
    ReindexOutcome batch_counts;
    bool more = false;
    sdk::ArticleId last = after;
    // One transaction per batch: a long reindex never holds the database, and a retry of a batch
    // (busy database) recounts it from scratch.
    auto written = storage.transact([&](sdk::Repositories& repos) -> sdk::Status {
      batch_counts = ReindexOutcome{};
      auto ids = repos.articles().list_ids(after, request.batch_size);
      if (!ids) return std::move(ids).error();
      more = ids.value().size() == request.batch_size;
      last = ids.value().empty() ? after : ids.value().back();
      std::set<sdk::ArticleId> open;
      if (request.skip_open_tasks) {
        sdk::TaskQuery q;
        q.statuses = {sdk::TaskStatus::pending, sdk::TaskStatus::processing};
        auto tasks = repos.tasks().list(q);
        if (!tasks) return std::move(tasks).error();
        for (const auto& t : tasks.value()) open.insert(t.article_id);
      }
      for (auto id : ids.value()) {
        ++batch_counts.articles;
        auto article = repos.articles().find_by_id(id);
        if (!article) return std::move(article).error();
        if (!article.value()) continue;  // deleted meanwhile
        const auto& a = *article.value();
        if (a.no_rag) {
          ++batch_counts.skipped_no_rag;
          continue;
        }
        if (request.missing_in_set && !needing.count(id)) {
          ++batch_counts.skipped_indexed;
          continue;
        }
        if (open.count(id)) {
          ++batch_counts.skipped_open;
          continue;
        }
        ++batch_counts.queued;
        if (request.dry_run) continue;
        nlohmann::json metadata = {{"title", a.title},
                                   {"reason", request.reason},
                                   {"batchNumber", out.batches + 1}};
        metadata[request.reason == "migration" ? "migrationOperationId" : "bulkOperationId"] = out.operation_id;
        sdk::TaskDraft draft;
        draft.article_id = id;
        draft.slug = a.slug;
        draft.operation = sdk::TaskOperation::update;
        draft.priority = request.priority;
        draft.max_attempts = request.max_attempts;
        draft.now = now;
        draft.scheduled_at = now;
        draft.metadata_json = metadata.dump();
        draft.embedding_set_id = request.missing_in_set;
        auto queued = repos.tasks().enqueue(draft);
        if (!queued) return std::move(queued).error();
      }
      return {};
    });
    if (!written) return written.error();
    out.articles += batch_counts.articles;
    out.queued += batch_counts.queued;
    out.skipped_no_rag += batch_counts.skipped_no_rag;
    out.skipped_indexed += batch_counts.skipped_indexed;
    out.skipped_open += batch_counts.skipped_open;
    if (batch_counts.articles > 0) ++out.batches;
    if (progress) progress(out.articles, total.value());
    after = last;
    if (!more) break;
  }
  return out;
}

}  // namespace vellum::queue_admin
