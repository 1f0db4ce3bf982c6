// Applies a new runtime spec to a live process: build and check the changed slots, quiesce the old
// queue, publish the new snapshot, start the new queue — and put the old runtime back if any step fails.
#pragma once

#include <mutex>
#include <optional>
#include <string>

#include "plugins/plugin_catalog.hpp"
#include "plugins/runtime.hpp"
#include "plugins/runtime_builder.hpp"

namespace vellum::plugins {

struct SwapOutcome {
  bool applied = false;
  std::uint64_t generation = 0;  // of the snapshot active afterwards
  BuildReport report;
};

class RuntimeManager {
 public:
  explicit RuntimeManager(sdk::HostContext& host) : host_(host) {}

  [[nodiscard]] RuntimePtr current() const { return holder_.current(); }
  [[nodiscard]] const RuntimeHolder& holder() const noexcept { return holder_; }

  // Serialised: one swap at a time. On error the previous runtime stays active (and running).
  // `report`, when given, receives the build report whether or not the swap succeeds; `admit`, when
  // given, decides whether a changed storage choice may replace the running backend (build_runtime).
  sdk::Result<SwapOutcome> apply(const RuntimeSpec& spec, const PluginCatalog& catalog, BuildReport* report = nullptr,
                                 const StorageAdmission* admit = nullptr);
  // Plans the embedding lanes again against the stored set states (after a cut-over, an operator's
  // activation, or the end of a rollback window) and publishes them in a new generation when they
  // changed. The plugins stay as they are.
  sdk::Status refresh_lanes();
  // Stops the active queue strategy (process shutdown). The snapshot stays readable.
  void stop_queue();

 private:
  sdk::HostContext& host_;
  RuntimeHolder holder_;
  std::mutex swap_mutex_;
  // What the last successful apply used: a lane refresh loads recorded providers from the same plugins.
  std::optional<RuntimeSpec> last_spec_;
  std::optional<PluginCatalog> last_catalog_;
};

}  // namespace vellum::plugins
