// How embedding sets look to clients — the same shape in REST, MCP, /health and the CLI's --json.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "plugins/runtime.hpp"

namespace vellum::api {

// id, provider, model, dimensions, state and its times.
[[nodiscard]] nlohmann::json embedding_set_json(const sdk::EmbeddingSet& set);
// The set with its coverage (indexable, fresh, stale, missing, percent).
[[nodiscard]] nlohmann::json set_with_coverage_json(const sdk::EmbeddingSet& set, const sdk::SetCoverage& coverage);
// One lane of the running snapshot: the set, its last measured coverage, and while it fills, the
// rate and an ETA.
[[nodiscard]] nlohmann::json lane_json(const plugins::EmbeddingLane& lane);
// {active, building, previous}: what search uses and what is being filled or kept for a rollback.
[[nodiscard]] nlohmann::json embedding_lanes_json(const plugins::EmbeddingLanes& lanes);
// The value of the response header naming the set that answered a search: "ID provider/model DIMS".
[[nodiscard]] std::string embedding_set_header(const sdk::EmbeddingSet& set);
inline constexpr const char* kEmbeddingSetHeader = "Vellum-Embedding-Set";

}  // namespace vellum::api
