// The embedding sets the running server keeps current, in the Prometheus text format: per set and
// role, the indexable articles, the share it holds fresh, and its stale and missing articles — what an
// alert on a stuck switch or a degraded active set reads.
#pragma once

#include <string>

#include "plugins/runtime.hpp"

namespace vellum::api {

[[nodiscard]] std::string embedding_set_metrics(const plugins::EmbeddingLanes& lanes);

}  // namespace vellum::api
