// Every embedding provider the host creates answers through this wrapper, which counts its calls and
// failures and keeps its availability as metrics, whatever plugin it comes from:
//   vellum_provider_calls_total{provider,model}           embed and health calls
//   vellum_provider_failures_total{provider,model,kind}   failed calls by error kind (rate_limited: a
//                                                         429, or the configured limit; unavailable or
//                                                         transient: not reached, 5xx, timed out)
//   vellum_provider_available{provider,model}             0 while the last call found it down, else 1
// "Down" is unavailable, transient, unauthenticated or permission_denied: nothing gets through until
// that changes. A cancelled call says nothing about the provider and changes nothing. Becoming
// unavailable, and being rate-limited, are logged, at most once per provider and half minute.
#pragma once

#include "metrics/metric_registry.hpp"
#include "vellum/sdk/abi.hpp"

namespace vellum::plugins {

[[nodiscard]] sdk::ProviderPtr with_provider_metrics(sdk::ProviderPtr provider, metrics::Registry& registry);

}  // namespace vellum::plugins
