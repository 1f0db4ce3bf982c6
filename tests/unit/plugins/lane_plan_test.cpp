// plan_lanes: which set search uses, which one fills, which one is kept for a rollback — decided from
// the stored states, the configured set, an operator's pin and the rollback window.
#include <catch2/catch.hpp>

#include "plugins/embedding_lanes.hpp"

using namespace vellum;
using plugins::LaneInputs;
using plugins::LanePlan;
using Transitions = std::vector<std::pair<sdk::EmbeddingSetId, std::string>>;

namespace {

sdk::Timestamp at_hours(int hours) { return sdk::Timestamp(std::chrono::hours(hours)); }

sdk::EmbeddingSet set(sdk::EmbeddingSetId id, std::string state, std::optional<int> deactivated_hour = std::nullopt) {
  sdk::EmbeddingSet s;
  s.id = id;
  s.state = std::move(state);
  if (deactivated_hour) s.deactivated_at = at_hours(*deactivated_hour);
  return s;
}

LaneInputs inputs(std::vector<sdk::EmbeddingSet> sets, sdk::EmbeddingSetId configured, bool complete = true) {
  LaneInputs in;
  in.sets = std::move(sets);
  in.configured = configured;
  in.now = at_hours(100);
  in.rollback_window = std::chrono::hours(24);
  in.complete = [complete](sdk::EmbeddingSetId) { return complete; };
  return in;
}

}  // namespace

TEST_CASE("lanes: a new database activates the configured set", "[unit][lanes]") {
  const auto plan = plugins::plan_lanes(inputs({set(1, "building")}, 1));
  CHECK(plan.active == std::optional<sdk::EmbeddingSetId>(1));
  CHECK_FALSE(plan.building);
  CHECK(plan.transitions == Transitions{{1, "active"}});
}

TEST_CASE("lanes: another provider fills a building set while the active one serves", "[unit][lanes]") {
  const auto plan = plugins::plan_lanes(inputs({set(1, "active"), set(2, "building")}, 2));
  CHECK(plan.active == std::optional<sdk::EmbeddingSetId>(1));
  CHECK(plan.building == std::optional<sdk::EmbeddingSetId>(2));
  CHECK(plan.transitions.empty());
  // A retired set named again starts filling again.
  const auto again = plugins::plan_lanes(inputs({set(1, "active"), set(2, "retired")}, 2));
  CHECK(again.transitions == Transitions{{2, "building"}});
}

TEST_CASE("lanes: going back to a current previous set is an instant cut-over", "[unit][lanes]") {
  const auto plan = plugins::plan_lanes(inputs({set(1, "previous", 90), set(2, "active")}, 1));
  CHECK(plan.active == std::optional<sdk::EmbeddingSetId>(1));
  CHECK(plan.previous == std::optional<sdk::EmbeddingSetId>(2));
  CHECK_FALSE(plan.building);
  CHECK(plan.transitions == Transitions{{1, "building"}, {2, "previous"}, {1, "active"}});
}

TEST_CASE("lanes: a previous set past its window, or lacking articles, is filled again first", "[unit][lanes]") {
  const auto expired = plugins::plan_lanes(inputs({set(1, "previous", 50), set(2, "active")}, 1));
  CHECK(expired.active == std::optional<sdk::EmbeddingSetId>(2));
  CHECK(expired.building == std::optional<sdk::EmbeddingSetId>(1));
  CHECK(expired.transitions == Transitions{{1, "building"}});
  const auto lacking = plugins::plan_lanes(inputs({set(1, "previous", 90), set(2, "active")}, 1, /*complete=*/false));
  CHECK(lacking.building == std::optional<sdk::EmbeddingSetId>(1));
}

TEST_CASE("lanes: the previous set is kept current only inside the window", "[unit][lanes]") {
  CHECK(plugins::plan_lanes(inputs({set(1, "previous", 90), set(2, "active")}, 2)).previous ==
        std::optional<sdk::EmbeddingSetId>(1));
  CHECK_FALSE(plugins::plan_lanes(inputs({set(1, "previous", 70), set(2, "active")}, 2)).previous);
}

TEST_CASE("lanes: giving up a switch retires its building set", "[unit][lanes]") {
  const auto plan = plugins::plan_lanes(inputs({set(1, "active"), set(2, "building")}, 1));
  CHECK(plan.active == std::optional<sdk::EmbeddingSetId>(1));
  CHECK_FALSE(plan.building);
  CHECK(plan.transitions == Transitions{{2, "retired"}});
}

TEST_CASE("lanes: an operator's activation holds until the configuration changes", "[unit][lanes]") {
  auto in = inputs({set(1, "active"), set(2, "previous", 99)}, 2);
  in.pin = plugins::OperatorPin{1, 2};
  const auto pinned = plugins::plan_lanes(in);
  CHECK(pinned.active == std::optional<sdk::EmbeddingSetId>(1));
  CHECK(pinned.previous == std::optional<sdk::EmbeddingSetId>(2));
  CHECK_FALSE(pinned.building);
  CHECK_FALSE(pinned.clear_pin);

  auto changed = inputs({set(1, "active"), set(2, "previous", 99), set(3, "building")}, 3);
  changed.pin = plugins::OperatorPin{1, 2};
  const auto after = plugins::plan_lanes(changed);
  CHECK(after.clear_pin);
  CHECK(after.building == std::optional<sdk::EmbeddingSetId>(3));
}

TEST_CASE("lanes: pins are stored as two ids", "[unit][lanes]") {
  const auto parsed = plugins::parse_pin(plugins::format_pin({7, 9}));
  REQUIRE(parsed);
  CHECK(parsed->pinned == 7);
  CHECK(parsed->configured == 9);
  CHECK_FALSE(plugins::parse_pin(""));
  CHECK_FALSE(plugins::parse_pin("7"));
  CHECK_FALSE(plugins::parse_pin("x 9"));
}
