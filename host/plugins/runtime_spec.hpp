// The configuration's slot choices as a runtime spec: what `vellum serve`, a reload and
// `vellum config check --probe` build.
#pragma once

#include "config/config.hpp"
#include "plugins/runtime.hpp"

namespace vellum::plugins {

// Empty queue when the queue is disabled or no strategy is selected.
[[nodiscard]] RuntimeSpec runtime_spec(const config::Config& config);

}  // namespace vellum::plugins
