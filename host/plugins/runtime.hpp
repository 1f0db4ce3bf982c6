// The runtime snapshot: the active provider, backend and queue strategy, immutable once published.
// Request handlers and workers take one snapshot (a shared_ptr copy) per unit of work and use only
// it, so a hot swap never changes a plugin under someone's feet: old instances die with their last
// reference, and their library unloads after that (PluginLibrary's deleter rule).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "vellum/sdk/abi.hpp"

namespace vellum::plugins {

using namespace std::chrono_literals;

// The configuration's choice for one slot: which plugin, with which validated settings.
struct SlotChoice {
  std::string plugin;            // empty = slot not used (only the queue may be empty)
  sdk::PluginConfig settings;

  [[nodiscard]] bool same_as(const SlotChoice& other) const {
    return plugin == other.plugin && settings.values() == other.settings.values();
  }
};

// How a provider switch proceeds (embedding.switch.* in the configuration).
struct SwitchPolicy {
  bool automatic_cutover = true;                       // cut over when the building set is complete
  std::chrono::milliseconds rollback_window{24h};      // how long the previous set is kept current
  double migration_share = 0.5;                        // share of queue capacity migration tasks may hold
};

struct RuntimeSpec {
  SlotChoice embedding;
  SlotChoice storage;
  SlotChoice queue;
  SwitchPolicy switching;
  // A new provider or backend that has not passed its health check by then is refused.
  std::chrono::milliseconds health_check_timeout{5000};
};

// What the host last measured of one set's coverage; shared by every snapshot holding the set, and
// written by the switch coordinator, so the search path reads it without touching the database.
class SetProgress {
 public:
  void record(const sdk::SetCoverage& coverage, std::int64_t now_ms);
  [[nodiscard]] sdk::SetCoverage coverage() const;
  [[nodiscard]] std::int64_t measured_at_ms() const { return measured_at_ms_.load(); }
  // Articles missing from the set for longer than a write takes to be embedded: the set does not
  // answer for every article, and a search on it says so.
  [[nodiscard]] bool has_gap(std::int64_t now_ms) const;
  // Articles per second the set gained over the last measurements (0 when unknown).
  [[nodiscard]] double fill_rate() const;

  static constexpr std::int64_t kGapGraceMs = 10'000;

 private:
  mutable std::mutex mutex_;
  sdk::SetCoverage coverage_;
  std::int64_t missing_since_ms_ = -1;  // -1: nothing missing
  std::int64_t first_ms_ = -1;          // when fill_rate's window began, and the fresh count then
  std::int64_t first_fresh_ = 0;
  double rate_ = 0;
  std::atomic<std::int64_t> measured_at_ms_{0};
};

// An embedding set the host keeps current, with the provider that fills it (and embeds queries when
// the set is active). A null provider: the set's provider could not be loaded again.
struct EmbeddingLane {
  sdk::EmbeddingSet set;
  std::shared_ptr<sdk::EmbeddingProvider> provider;
  std::shared_ptr<SetProgress> progress;
};

// The sets of one snapshot: search uses `active`; during a switch `building` is being filled; during
// the rollback window `previous` is kept current. Every change is embedded into each of them.
struct EmbeddingLanes {
  std::optional<EmbeddingLane> active;
  std::optional<EmbeddingLane> building;
  std::optional<EmbeddingLane> previous;

  [[nodiscard]] std::vector<const EmbeddingLane*> live() const;
  // The set a migration or a --missing-only reindex fills: the building one during a switch, else the
  // active one. Null before the lanes are resolved.
  [[nodiscard]] const EmbeddingLane* target() const;
  [[nodiscard]] const EmbeddingLane* find(sdk::EmbeddingSetId id) const;
};

template <class Interface>
struct ActiveSlot {
  SlotChoice choice;
  std::shared_ptr<Interface> object;
  std::string version;  // the plugin's, from the manifest of the library that created `object`
};

struct Runtime {
  std::uint64_t generation = 0;  // increases with every successful swap
  ActiveSlot<sdk::EmbeddingProvider> embedding;  // the configured provider (it fills the configured set)
  EmbeddingLanes lanes;
  SwitchPolicy switching;
  ActiveSlot<sdk::StorageBackend> storage;
  ActiveSlot<sdk::QueueStrategy> queue;
};

using RuntimePtr = std::shared_ptr<const Runtime>;

// The one place the current snapshot lives. Reads are lock-free for callers' purposes.
class RuntimeHolder {
 public:
  [[nodiscard]] RuntimePtr current() const { return current_.load(std::memory_order_acquire); }
  void publish(RuntimePtr next) { current_.store(std::move(next), std::memory_order_release); }

 private:
  std::atomic<RuntimePtr> current_;
};

}  // namespace vellum::plugins
