// The operators' queue actions over REST, the same operations as `vellum queue …` (admin token only;
// documented in docs/console.md):
//   POST /api/queue/stop | /api/queue/start | /api/queue/drain
//   POST /api/queue/emergency-stop   {"reason": "..."}
//   POST /api/queue/retry-failed     {"dryRun": true|false}  failed tasks only, never cancelled ones
//   POST /api/queue/tasks/:id/retry  one failed or cancelled task back to pending (409 when it cannot be)
//   GET  /api/queue/throughput?minutes=60&bucketSeconds=60   (any token) the chart's series
#pragma once

#include <optional>
#include <string>

#include "api/queue_routes.hpp"

namespace vellum::api {

// Why the queue routes refuse: semantic search first, then the queue (the reference's order).
[[nodiscard]] std::optional<std::string> queue_disabled_message(const queue_admin::QueueSettingsView& settings);

void register_queue_control_routes(http::Router& router, ApiServices& services, QueueRouteServices& queue);

}  // namespace vellum::api
