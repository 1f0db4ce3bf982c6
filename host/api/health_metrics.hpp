// What the admin /health adds from the metrics registry and the change-feed follower: every series
// the registry holds, by its Prometheus name with labels (the same text /metrics shows), and how far
// behind the vector index follows the change feed.
#pragma once

#include <nlohmann/json.hpp>

#include "metrics/metric_registry.hpp"
#include "search/change_feed_follower.hpp"

namespace vellum::api {

// {"vellum_provider_calls_total{model=\"m\",provider=\"local\"}": 12, …}; a summary as {"sum", "count"}.
[[nodiscard]] nlohmann::json metrics_summary(metrics::Registry& registry);

// {"lagSeconds", "changesBehind", "lagThresholdSeconds", "failing", "lastError"}
[[nodiscard]] nlohmann::json follower_json(const search::FollowerLag& lag);

// Why /health is degraded on the follower's account: "" when it is not.
[[nodiscard]] std::string follower_degraded_reason(const search::FollowerLag& lag);

}  // namespace vellum::api
