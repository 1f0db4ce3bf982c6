// Which embedding sets a runtime snapshot keeps current, and with which providers: the blue/green
// half of a provider switch. Search always uses the active set with the provider that filled it; a
// configured provider whose set is not active fills a building set beside it; the set that was active
// before stays current for the rollback window, so going back is a cut-over with nothing to embed.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "plugins/plugin_catalog.hpp"
#include "plugins/runtime.hpp"

namespace vellum::plugins {

// An operator's explicit activation (`vellum embeddings activate`): `pinned` stays active while the
// configuration still names the set it named then (`configured`); a configuration change ends it.
struct OperatorPin {
  sdk::EmbeddingSetId pinned = 0;
  sdk::EmbeddingSetId configured = 0;
};
inline constexpr const char* kOperatorPinKey = "embedding.operator_pin";
// The set the running configuration names (written at every resolution), for the pin above.
inline constexpr const char* kConfiguredSetKey = "embedding.configured_set";
[[nodiscard]] std::string format_pin(const OperatorPin& pin);
[[nodiscard]] std::optional<OperatorPin> parse_pin(std::string_view stored);

// What a resolution decides: the sets of each lane, and the state moves (in order) that make the
// stored states say so. Every set left in `building` without a lane is retired.
struct LanePlan {
  std::optional<sdk::EmbeddingSetId> active;
  std::optional<sdk::EmbeddingSetId> building;
  std::optional<sdk::EmbeddingSetId> previous;
  std::vector<std::pair<sdk::EmbeddingSetId, std::string>> transitions;
  bool clear_pin = false;
};

struct LaneInputs {
  std::vector<sdk::EmbeddingSet> sets;
  sdk::EmbeddingSetId configured = 0;  // the set of the configured provider
  std::optional<OperatorPin> pin;
  sdk::Timestamp now{};
  std::chrono::milliseconds rollback_window{0};
  // True when the set holds every indexable article's current text (asked only of a previous set
  // the configuration returns to).
  std::function<bool(sdk::EmbeddingSetId)> complete;
};

[[nodiscard]] LanePlan plan_lanes(const LaneInputs& inputs);

// True while a set that stopped being active is still inside the rollback window.
[[nodiscard]] bool within_rollback_window(const sdk::EmbeddingSet& set, sdk::Timestamp now,
                                          std::chrono::milliseconds window);

// Plans and stores the lanes of `next` (its storage and configured provider already built), reusing
// providers and progress of `previous` for sets both hold, loading recorded providers for the rest.
[[nodiscard]] sdk::Status resolve_lanes(Runtime& next, const Runtime* previous, const SwitchPolicy& policy,
                                        const PluginCatalog& catalog, sdk::HostContext& host);

}  // namespace vellum::plugins
