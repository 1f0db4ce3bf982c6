// Builds a runtime snapshot from a spec: creates the plugins whose choice changed, health-checks
// them, and reuses the unchanged ones from the previous snapshot.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "plugins/plugin_catalog.hpp"
#include "plugins/runtime.hpp"

namespace vellum::plugins {

struct BuildReport {
  std::vector<std::string> rebuilt;  // slots created anew ("embedding", ...)
  std::vector<std::string> reused;
  std::vector<std::string> failures;  // one per slot that could not be built, naming slot, plugin and reason
};

// Decides whether a running server may switch from `running` onto `next`, a newly created storage
// backend that nothing has written to yet (not even its migrations). An error refuses the runtime.
using StorageAdmission = std::function<sdk::Status(sdk::StorageBackend& running, sdk::StorageBackend& next)>;

// Creates and checks a complete runtime. Every slot is tried, so a refusal lists every reason. On any
// failure nothing of the new runtime survives and the error holds the failures, "; "-separated. The
// queue strategy is created but not started.
// When the storage choice changes under a previous runtime, the new backend is created without
// migrating; it is migrated (if its auto_migrate asks for it) only once every other slot has passed
// its checks and `admit` (when given) has accepted it, so a refused runtime leaves it untouched.
[[nodiscard]] sdk::Result<std::shared_ptr<Runtime>> build_runtime(const RuntimeSpec& spec, const PluginCatalog& catalog,
                                                                  sdk::HostContext& host, const Runtime* previous,
                                                                  BuildReport* report = nullptr,
                                                                  const StorageAdmission* admit = nullptr);

}  // namespace vellum::plugins
