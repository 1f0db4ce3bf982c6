#include "plugins/embedding_lanes.hpp"

#include <charconv>

#include <spdlog/spdlog.h>

#include "common/clock.hpp"
#include "plugins/provider_record.hpp"

namespace vellum::plugins {

namespace {

const sdk::EmbeddingSet* with_state(const std::vector<sdk::EmbeddingSet>& sets, std::string_view state) {
  const sdk::EmbeddingSet* found = nullptr;
  for (const auto& set : sets) {
    if (set.state == state) found = &set;  // the stored indexes allow one; the newest wins otherwise
  }
  return found;
}

}  // namespace

std::string format_pin(const OperatorPin& pin) {
  return std::to_string(pin.pinned) + " " + std::to_string(pin.configured);
}

std::optional<OperatorPin> parse_pin(std::string_view stored) {
  OperatorPin pin;
  const auto space = stored.find(' ');
  if (space == std::string_view::npos) return std::nullopt;
  const auto first = stored.substr(0, space);
  const auto second = stored.substr(space + 1);
  if (std::from_chars(first.data(), first.data() + first.size(), pin.pinned).ec != std::errc{}) return std::nullopt;
  if (std::from_chars(second.data(), second.data() + second.size(), pin.configured).ec != std::errc{}) {
    return std::nullopt;
  }
  return pin;
}

bool within_rollback_window(const sdk::EmbeddingSet& set, sdk::Timestamp now, std::chrono::milliseconds window) {
  return set.deactivated_at && now - *set.deactivated_at < window;
}

LanePlan plan_lanes(const LaneInputs& in) {
  LanePlan plan;
  const auto* active = with_state(in.sets, "active");
  const auto* previous = with_state(in.sets, "previous");
  const sdk::EmbeddingSetId configured = in.configured;
  const bool previous_current = previous && within_rollback_window(*previous, in.now, in.rollback_window);
  auto keep_previous_unless = [&](sdk::EmbeddingSetId excluded) {
    if (previous_current && previous->id != excluded) plan.previous = previous->id;
  };

  const bool pinned = in.pin && active && in.pin->pinned == active->id && in.pin->configured == configured;
  if (in.pin && !pinned) plan.clear_pin = true;
  if (pinned || (active && active->id == configured)) {
    plan.active = active->id;
    keep_previous_unless(active->id);
  } else if (!active) {
    // Nothing active yet (a new database, or one from before sets had a lifecycle): the configured
    // set is what search has always used.
    plan.transitions.emplace_back(configured, "active");
    plan.active = configured;
    keep_previous_unless(configured);
  } else if (previous && previous->id == configured && previous_current && in.complete && in.complete(configured)) {
    // Back to the set that was active before, still current: an instant cut-over.
    plan.transitions.emplace_back(configured, "building");  // frees the previous slot
    plan.transitions.emplace_back(active->id, "previous");
    plan.transitions.emplace_back(configured, "active");
    plan.active = configured;
    plan.previous = active->id;
  } else {
    // A switch: the active set keeps serving while the configured one fills.
    plan.active = active->id;
    plan.building = configured;
    const auto* target = [&]() -> const sdk::EmbeddingSet* {
      for (const auto& set : in.sets)
        if (set.id == configured) return &set;
      return nullptr;
    }();
    if (!target || target->state != "building") plan.transitions.emplace_back(configured, "building");
    keep_previous_unless(configured);
  }
  for (const auto& set : in.sets) {
    if (set.state == "building" && plan.building != set.id && plan.active != set.id) {
      plan.transitions.emplace_back(set.id, "retired");  // a switch given up: its set is not filled further
    }
  }
  return plan;
}

sdk::Status resolve_lanes(Runtime& next, const Runtime* previous, const SwitchPolicy& policy,
                          const PluginCatalog& catalog, sdk::HostContext& host) {
  next.lanes = {};
  if (!next.embedding.object || !next.storage.object) return {};
  auto& storage = *next.storage.object;
  const auto described = next.embedding.object->describe();
  const std::string recorded = recordable_settings(next.embedding.choice, catalog);
  const auto now = now_ms();

  std::vector<sdk::EmbeddingSet> sets;
  LanePlan plan;
  auto stored = storage.transact([&](sdk::Repositories& repos) -> sdk::Status {
    auto& registry = repos.embedding_sets();
    auto configured = registry.find_or_create(described.provider, described.model, described.dimensions, now);
    if (!configured) return std::move(configured).error();
    if (configured->provider_plugin != next.embedding.choice.plugin || configured->provider_settings_json != recorded) {
      if (auto s = registry.set_provider(configured->id, next.embedding.choice.plugin, recorded); !s) return s;
    }
    auto listed = registry.list();
    if (!listed) return std::move(listed).error();
    auto pin_text = repos.settings().get(kOperatorPinKey);
    if (!pin_text) return std::move(pin_text).error();

    LaneInputs inputs;
    inputs.sets = std::move(listed).value();
    inputs.configured = configured->id;
    if (*pin_text) inputs.pin = parse_pin(**pin_text);
    inputs.now = now;
    inputs.rollback_window = policy.rollback_window;
    std::optional<sdk::Error> coverage_error;
    inputs.complete = [&](sdk::EmbeddingSetId id) {
      auto coverage = registry.coverage(id);
      if (!coverage) coverage_error = coverage.error();
      return coverage && coverage->complete();
    };
    plan = plan_lanes(inputs);
    if (coverage_error) return *coverage_error;
    for (const auto& [id, state] : plan.transitions) {
      if (auto s = registry.set_state(id, state, now); !s) return s;
      if (state != "retired") continue;
      // A switch given up: its set is not filled further, and its queued work is withdrawn.
      sdk::TaskQuery queued;
      queued.statuses = {sdk::TaskStatus::pending};
      queued.embedding_set_id = id;
      auto cancelled = repos.tasks().cancel(
          queued, "Cancelled: embedding set " + std::to_string(id) + " was retired (its switch was given up)", now);
      if (!cancelled) return std::move(cancelled).error();
    }
    const auto configured_text = std::to_string(configured->id);
    auto recorded_configured = repos.settings().get(kConfiguredSetKey);
    if (!recorded_configured) return std::move(recorded_configured).error();
    if (recorded_configured.value() != configured_text) {
      if (auto s = repos.settings().put(kConfiguredSetKey, configured_text); !s) return s;
    }
    if (plan.clear_pin) {
      if (auto s = repos.settings().put(kOperatorPinKey, ""); !s) return s;
    }
    auto after = registry.list();
    if (!after) return std::move(after).error();
    sets = std::move(after).value();
    return {};
  });
  if (!stored) return stored.error().with_context("resolving the embedding sets");
  for (const auto& [id, state] : plan.transitions) spdlog::info("embedding set {} is now {}", id, state);

  auto make_lane = [&](std::optional<sdk::EmbeddingSetId> id) -> std::optional<EmbeddingLane> {
    if (!id) return std::nullopt;
    EmbeddingLane lane;
    for (const auto& set : sets)
      if (set.id == *id) lane.set = set;
    const EmbeddingLane* before = previous ? previous->lanes.find(*id) : nullptr;
    if (lane.set.provider == described.provider && lane.set.model == described.model &&
        lane.set.dimensions == described.dimensions) {
      lane.provider = next.embedding.object;
    } else if (before && before->provider) {
      lane.provider = before->provider;
    } else if (auto loaded = load_recorded_provider(lane.set, next.embedding.choice, catalog, host)) {
      lane.provider = std::move(loaded).value();
    } else {
      spdlog::error("embedding set {} is {} but its provider cannot be loaded: {}", lane.set.id, lane.set.state,
                    loaded.error().message);
    }
    lane.progress = before ? before->progress : std::make_shared<SetProgress>();
    auto coverage = storage.read([&](sdk::Repositories& repos) -> sdk::Status {
      auto measured = repos.embedding_sets().coverage(*id);
      if (!measured) return std::move(measured).error();
      // Measured now, at a resolution: anything missing is a gap at once (no grace for in-flight writes).
      lane.progress->record(measured.value(), to_epoch_ms(now) - SetProgress::kGapGraceMs);
      return {};
    });
    if (!coverage) spdlog::warn("embedding set {}: coverage unknown: {}", *id, coverage.error().message);
    return lane;
  };
  next.lanes.active = make_lane(plan.active);
  next.lanes.building = make_lane(plan.building);
  next.lanes.previous = make_lane(plan.previous);
  return {};
}

}  // namespace vellum::plugins
