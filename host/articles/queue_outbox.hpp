// The hand-off from article writes to the queue strategy, in one place:
//   inside the write's transaction  → an embedding_tasks row (outbox) when the strategy uses the table
//   after the commit                → QueueStrategy::on_committed
// Both happen only while semantic search is enabled and a strategy is configured. Deleting an article
// needs neither (the cascade removes its tasks and chunks), nor do slug and folder changes (work is
// done by article id).
#pragma once

#include <optional>
#include <string>

#include "plugins/runtime.hpp"
#include "vellum/sdk/queue.hpp"
#include "vellum/sdk/storage.hpp"

namespace vellum::articles {

// What the queue must do about one article write.
struct QueueIntent {
  sdk::TaskOperation operation = sdk::TaskOperation::update;
  std::string reason;  // create, update, no_rag_enabled, version_restore
};

[[nodiscard]] std::optional<QueueIntent> intent_for_create(bool no_rag);
// Update: embed again, or drop the vectors when no_rag was just turned on; nothing while it stays on.
[[nodiscard]] std::optional<QueueIntent> intent_for_update(bool was_no_rag, bool is_no_rag);
[[nodiscard]] std::optional<QueueIntent> intent_for_restore(bool no_rag);

class QueueOutbox {
 public:
  explicit QueueOutbox(bool semantic_search_enabled) : enabled_(semantic_search_enabled) {}

  // Inside the write's transaction. A no-op unless the runtime's strategy keeps a task table.
  [[nodiscard]] sdk::Status record(sdk::Repositories& repos, const plugins::Runtime& runtime,
                                   const sdk::Article& article, const std::optional<QueueIntent>& intent,
                                   sdk::Timestamp now) const;
  // After the commit. Never fails the write: the strategy logs its own problems.
  void committed(const plugins::Runtime& runtime, const sdk::Article& article,
                 const std::optional<QueueIntent>& intent) const;

 private:
  bool enabled_;
};

}  // namespace vellum::articles
