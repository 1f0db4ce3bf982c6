#include "api/embedding_set_json.hpp"

#include <cmath>

#include "common/clock.hpp"

namespace vellum::api {

namespace {

nlohmann::json optional_time(const std::optional<sdk::Timestamp>& t) {
  return t ? nlohmann::json(format_iso8601(*t)) : nlohmann::json(nullptr);
}

double percent(const sdk::SetCoverage& c) {
  if (c.indexable == 0) return 100.0;
  return std::floor(1000.0 * static_cast<double>(c.fresh) / static_cast<double>(c.indexable)) / 10.0;
}

}  // namespace

nlohmann::json embedding_set_json(const sdk::EmbeddingSet& set) {
  return {{"id", set.id},
          {"provider", set.provider},
          {"model", set.model},
          {"dimensions", set.dimensions},
          {"state", set.state},
          {"createdAt", format_iso8601(set.created_at)},
          {"activatedAt", optional_time(set.activated_at)},
          {"deactivatedAt", optional_time(set.deactivated_at)}};
}

nlohmann::json set_with_coverage_json(const sdk::EmbeddingSet& set, const sdk::SetCoverage& c) {
  auto out = embedding_set_json(set);
  out["coverage"] = {{"indexable", c.indexable}, {"fresh", c.fresh},   {"stale", c.stale},
                     {"missing", c.missing},     {"percent", percent(c)}, {"complete", c.complete()}};
  return out;
}

nlohmann::json lane_json(const plugins::EmbeddingLane& lane) {
  const auto coverage = lane.progress ? lane.progress->coverage() : sdk::SetCoverage{};
  auto out = set_with_coverage_json(lane.set, coverage);
  out["providerLoaded"] = lane.provider != nullptr;
  if (lane.progress) {
    const double rate = lane.progress->fill_rate();
    const auto remaining = coverage.missing + coverage.stale;
    out["articlesPerSecond"] = std::round(rate * 10.0) / 10.0;
    out["etaSeconds"] = (remaining > 0 && rate > 0) ? nlohmann::json(std::ceil(static_cast<double>(remaining) / rate))
                                                    : nlohmann::json(remaining == 0 ? nlohmann::json(0) : nullptr);
    const auto measured = lane.progress->measured_at_ms();
    out["measuredAt"] = measured > 0 ? nlohmann::json(format_iso8601(from_epoch_ms(measured)))
                                     : nlohmann::json(nullptr);
  }
  return out;
}

nlohmann::json embedding_lanes_json(const plugins::EmbeddingLanes& lanes) {
  auto one = [](const std::optional<plugins::EmbeddingLane>& lane) {
    return lane ? lane_json(*lane) : nlohmann::json(nullptr);
  };
  return {{"active", one(lanes.active)}, {"building", one(lanes.building)}, {"previous", one(lanes.previous)}};
}

std::string embedding_set_header(const sdk::EmbeddingSet& set) {
  return std::to_string(set.id) + " " + set.provider + "/" + set.model + " " + std::to_string(set.dimensions);
}

}  // namespace vellum::api
