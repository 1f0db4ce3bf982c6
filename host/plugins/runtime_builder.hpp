// Builds a runtime snapshot from a spec: creates the plugins whose choice changed, health-checks
// them, and reuses the unchanged ones from the previous snapshot.
#pragma once

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

// Creates and checks a complete runtime. Every slot is tried, so a refusal lists every reason. On any
// failure nothing of the new runtime survives and the error holds the failures, "; "-separated. The
// queue strategy is created but not started.
[[nodiscard]] sdk::Result<std::shared_ptr<Runtime>> build_runtime(const RuntimeSpec& spec, const PluginCatalog& catalog,
                                                                  sdk::HostContext& host, const Runtime* previous,
                                                                  BuildReport* report = nullptr);

}  // namespace vellum::plugins
