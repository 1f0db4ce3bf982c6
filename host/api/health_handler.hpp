// GET /health: whether this process can serve. The public form says only ok/degraded and whether the
// database answers; it is what load balancers and `curl http://localhost:5000/health` read. The admin
// token gets the detailed form: storage, embedding provider, queue strategy, index (embedding sets,
// the change-feed follower's lag), the runtime (generation, configuration in effect, last reload
// outcome) and the metrics registry's series, plus the reference tool's "services"/"worker" keys.
#pragma once

#include <chrono>
#include <memory>

#include "api/provider_probe.hpp"
#include "http/request.hpp"
#include "metrics/metric_registry.hpp"
#include "http/response.hpp"
#include "plugins/runtime.hpp"
#include "reload/reload_record.hpp"
#include "search/change_feed_follower.hpp"

namespace vellum::api {

// 200 {"status":"ok",...} when the active storage backend answers its health check, else
// 503 {"status":"degraded",...} with the backend's reason.
[[nodiscard]] http::Response health(const plugins::RuntimeHolder& runtime);

struct HealthOptions {
  bool semantic_search_enabled = true;
  bool queue_enabled = false;
  std::chrono::milliseconds heartbeat_interval{30000};  // a worker is Stale after twice this
  const reload::ReloadRecord* reloads = nullptr;  // `vellum serve`'s: the running configuration, the last reload
  bool mcp_enabled = false;                       // /mcp is served
  metrics::Registry* metrics = nullptr;           // `vellum serve`'s: every series, under "metrics"
  search::ChangeFeedFollower* follower = nullptr;  // `vellum serve`'s: its lag, under "index"; degraded past the threshold
  // The provider's check: at most one in flight, waited for at most provider_check_deadline.
  std::shared_ptr<ProviderProbe> provider_probe = std::make_shared<ProviderProbe>();
  std::chrono::milliseconds provider_check_deadline{2000};
};

// The public form's fields and status, plus the details. Probes the provider (it may be remote), for
// at most options.provider_check_deadline.
[[nodiscard]] http::Response detailed_health(const plugins::RuntimeHolder& runtime, const HealthOptions& options);

}  // namespace vellum::api
