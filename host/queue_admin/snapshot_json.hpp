// The snapshot in its two JSON shapes: ours (`vellum queue status --json`) and the reference's
// GET /api/queue/status body (api-spec §4.3) that the RAG Status page reads.
#pragma once

#include <nlohmann/json.hpp>

#include "queue_admin/queue_snapshot.hpp"

namespace vellum::queue_admin {

[[nodiscard]] nlohmann::json workers_json(const QueueSnapshot& snapshot);
[[nodiscard]] nlohmann::json status_json(const QueueSnapshot& snapshot, const QueueSettingsView& settings);
[[nodiscard]] nlohmann::json health_json(const QueueSnapshot& snapshot);
// {"enabled":true,"stats":{…},"tasksByPriority":…,"recentErrors":[…],"health":{…}} plus "worker".
// Without `error_detail` a recent error's errorMessage is its failure_kind only: the stored message
// may quote a provider, which only the admin reads.
[[nodiscard]] nlohmann::json api_status_json(const QueueSnapshot& snapshot, bool error_detail);

}  // namespace vellum::queue_admin
