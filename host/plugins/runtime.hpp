// The runtime snapshot: the active provider, backend and queue strategy, immutable once published.
// Request handlers and workers take one snapshot (a shared_ptr copy) per unit of work and use only
// it, so a hot swap never changes a plugin under someone's feet: old instances die with their last
// reference, and their library unloads after that (PluginLibrary's deleter rule).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "vellum/sdk/abi.hpp"

namespace vellum::plugins {

// The configuration's choice for one slot: which plugin, with which validated settings.
struct SlotChoice {
  std::string plugin;            // empty = slot not used (only the queue may be empty)
  sdk::PluginConfig settings;

  [[nodiscard]] bool same_as(const SlotChoice& other) const {
    return plugin == other.plugin && settings.values() == other.settings.values();
  }
};

struct RuntimeSpec {
  SlotChoice embedding;
  SlotChoice storage;
  SlotChoice queue;
  // A new provider or backend that has not passed its health check by then is refused.
  std::chrono::milliseconds health_check_timeout{5000};
};

template <class Interface>
struct ActiveSlot {
  SlotChoice choice;
  std::shared_ptr<Interface> object;
  std::string version;  // the plugin's, from the manifest of the library that created `object`
};

struct Runtime {
  std::uint64_t generation = 0;  // increases with every successful swap
  ActiveSlot<sdk::EmbeddingProvider> embedding;
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
