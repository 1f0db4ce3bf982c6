// What `vellum serve` starts on. Normally the configuration file. When the file's plugins cannot be
// built — a change a running server refused, a provider that fails its health check — and the server
// once applied another version of the file, it starts on that last good copy instead
// (<data_dir>/last-good-config.yaml), loudly: an error and a warning naming the refused changes in the
// log, the refusal as the last reload in /health, GET /api/admin/runtime and /metrics. A restart
// after a refused reload thus keeps serving what was running. `vellum reload` applies the file once
// it is fixed. An invalid file is still refused at start: its errors name file:line.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cli/command.hpp"
#include "plugins/catalog_schemas.hpp"
#include "reload/reload_outcome.hpp"

namespace vellum::cli {

// --port and --host, applied to every configuration serve reads (at start and by each reload), so a
// reload never takes them for changes.
struct ServeOverrides {
  std::optional<std::uint16_t> port;
  std::optional<std::string> host;

  void apply(plugins::LoadedConfig& loaded) const;
};

struct StartPlan {
  plugins::LoadedConfig loaded;                   // what to start on
  std::optional<reload::ReloadOutcome> refused;   // set when `loaded` is the last good copy: the file's refusal
};

// The plan to start on the last good copy, the file's runtime having been refused for `reasons`; or
// why not (no copy, the copy holds what the file holds, the copy is no longer valid).
[[nodiscard]] sdk::Result<StartPlan> last_good_plan(const CommandContext& context, const plugins::LoadedConfig& file,
                                                    std::vector<std::string> reasons, const ServeOverrides& overrides);

// Logs the fallback loudly: what was refused and why, and what is running instead.
void announce_last_good(const StartPlan& plan);

}  // namespace vellum::cli
