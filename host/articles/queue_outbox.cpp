#include "articles/queue_outbox.hpp"

#include <nlohmann/json.hpp>

#include "articles/slug.hpp"

namespace vellum::articles {

std::optional<QueueIntent> intent_for_create(bool no_rag) {
  if (no_rag) return std::nullopt;
  return QueueIntent{sdk::TaskOperation::create, "create"};
}

std::optional<QueueIntent> intent_for_update(bool was_no_rag, bool is_no_rag) {
  if (is_no_rag && !was_no_rag) return QueueIntent{sdk::TaskOperation::delete_, "no_rag_enabled"};
  if (is_no_rag) return std::nullopt;
  return QueueIntent{sdk::TaskOperation::update, "update"};
}

std::optional<QueueIntent> intent_for_restore(bool no_rag) {
  if (no_rag) return std::nullopt;
  return QueueIntent{sdk::TaskOperation::update, "version_restore"};
}

sdk::Status QueueOutbox::record(sdk::Repositories& repos, const plugins::Runtime& runtime,
                                const sdk::Article& article, const std::optional<QueueIntent>& intent,
                                sdk::Timestamp now) const {
  if (!enabled_ || !intent || !runtime.queue.object || !runtime.queue.object->uses_task_table()) {
    return sdk::ok_status();
  }
  // Drain mode (the guide's "stop new tasks, let existing complete"): the write goes through, no task is
  // queued; the article shows as unindexed until `vellum reindex --missing-only`.
  // A failed read must fail the write: on PostgreSQL it has aborted the transaction (a serialization
  // failure, retried by the backend when returned), and everything after it would fail as "internal".
  auto control = repos.workers().control();
  if (!control) return control.error().with_context("reading the worker control");
  if (control.value().draining) return sdk::ok_status();
  sdk::TaskDraft draft;
  draft.article_id = article.id;
  draft.max_attempts = runtime.queue.object->task_max_attempts();
  draft.slug = article.slug;
  draft.operation = intent->operation;
  draft.now = now;
  draft.scheduled_at = now;
  draft.metadata_json =
      nlohmann::json{{"reason", intent->reason}, {"title", article.title}, {"filename", filename_for(article.slug)}}
          .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  // One task per set the host keeps current, so a provider that is down for the set being filled (or
  // kept for a rollback) never holds back the set search uses.
  const auto lanes = runtime.lanes.live();
  if (lanes.empty()) {
    auto enqueued = repos.tasks().enqueue(draft);
    if (!enqueued) return enqueued.error().with_context("queueing the embedding task");
  }
  for (const auto* lane : lanes) {
    draft.embedding_set_id = lane->set.id;
    auto enqueued = repos.tasks().enqueue(draft);
    if (!enqueued) return enqueued.error().with_context("queueing the embedding task");
  }
  return sdk::ok_status();
}

void QueueOutbox::committed(const plugins::Runtime& runtime, const sdk::Article& article,
                            const std::optional<QueueIntent>& intent) const {
  if (!enabled_ || !intent || !runtime.queue.object) return;
  runtime.queue.object->on_committed(
      sdk::ArticleChange{article.id, intent->operation, sdk::TaskPriority::normal, intent->reason});
}

}  // namespace vellum::articles
