// Queueing re-embedding for many articles: `vellum reindex`, POST /api/rag/reindex and
// `vellum queue migrate`. Non-destructive (queue-spec §11.10): nothing is deleted first — each article's
// old vectors stay searchable until its task replaces them — and no_rag articles are skipped.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "vellum/sdk/storage.hpp"

namespace vellum::queue_admin {

struct ReindexRequest {
  std::string reason = "full_reindex";       // metadata.reason: full_reindex, migration
  sdk::TaskPriority priority = sdk::TaskPriority::normal;
  // Only articles this set lacks or holds from an older text, with tasks for that set; nullopt =
  // every article, for every set the server keeps current.
  std::optional<sdk::EmbeddingSetId> missing_in_set;
  // Leave articles that already have a pending or processing task alone (migration tasks must stay
  // cancellable on their own without taking an editor's task with them).
  bool skip_open_tasks = false;
  std::size_t batch_size = 100;
  std::int32_t max_attempts = 4;
  bool dry_run = false;
};

struct ReindexOutcome {
  std::string operation_id;        // reindex_<ms> / migration_<ms>, in every task's metadata
  std::int64_t articles = 0;       // considered
  std::int64_t queued = 0;         // new tasks, or merged into a pending one (coalesced)
  std::int64_t skipped_no_rag = 0;
  std::int64_t skipped_indexed = 0;
  std::int64_t skipped_open = 0;
  std::int64_t batches = 0;
};

// Called after each batch with (articles considered so far, total articles).
using ReindexProgress = std::function<void(std::int64_t, std::int64_t)>;

[[nodiscard]] sdk::Result<ReindexOutcome> queue_reindex(sdk::StorageBackend& storage, const ReindexRequest& request,
                                                        sdk::Timestamp now, const ReindexProgress& progress = {});

}  // namespace vellum::queue_admin
