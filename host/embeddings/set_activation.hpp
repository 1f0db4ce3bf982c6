// Moving the active embedding set: the automatic cut-over at the end of a switch, and an operator's
// `vellum embeddings activate` / POST /api/embedding-sets/{id}/activate. One transaction each, so
// the stored states never show two active sets or lose the one to roll back to.
#pragma once

#include <optional>
#include <string>

#include "vellum/sdk/storage.hpp"

namespace vellum::embeddings {

// Inside a transaction: `target` becomes active, the active set previous, the previous one retired.
[[nodiscard]] sdk::Status cut_over(sdk::Repositories& repos, sdk::EmbeddingSetId target, sdk::Timestamp now);

struct ActivationRequest {
  std::optional<sdk::EmbeddingSetId> set;  // nullopt with `previous`: the previous set
  bool previous = false;
  bool force = false;    // activate a set that lacks articles (search reports itself degraded)
  bool dry_run = false;  // say what would happen, change nothing
  // Of the tasks that embed what the set lacks; nullopt: the set's articles are not queued (the queue
  // keeps no task table; `vellum reindex --missing-only` then queues them).
  std::optional<std::int32_t> queue_max_attempts = 3;
};

struct ActivationOutcome {
  sdk::EmbeddingSet set;            // as it is (or would be) once active
  sdk::SetCoverage coverage;        // before activation
  std::optional<sdk::EmbeddingSetId> replaced;  // the set that was active
  bool already_active = false;
  // Articles to embed again once active: missing ones, and those changed since the set last kept up.
  std::int64_t to_embed = 0;
  std::int64_t queued = 0;  // tasks queued for them
};

// Checks and performs an operator's activation; the activated set stays active until the
// configuration names another provider, and what it lacks or holds from an older text is queued for
// embedding in the same transaction. Refuses (conflict) a set that lacks articles, or a retired one,
// unless forced; an unknown set is not_found.
[[nodiscard]] sdk::Result<ActivationOutcome> activate(sdk::StorageBackend& storage, const ActivationRequest& request,
                                                      sdk::Timestamp now);

}  // namespace vellum::embeddings
