// What one reload did: applied a new runtime generation, found nothing to change, or was refused —
// with the changes, the rebuilt and reused slots, every reason for a refusal and every warning. The
// reload answer, GET /api/admin/runtime, the admin /health and /metrics all read this one record.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "config/config_diff.hpp"
#include "vellum/sdk/types.hpp"

namespace vellum::reload {

enum class Outcome { applied, unchanged, refused };
// startup: `vellum serve` refused its file and started on the last good configuration.
enum class Trigger { startup, signal, api };

[[nodiscard]] std::string_view to_string(Outcome outcome) noexcept;
[[nodiscard]] std::string_view to_string(Trigger trigger) noexcept;

struct ReloadOutcome {
  Outcome outcome = Outcome::unchanged;
  Trigger trigger = Trigger::api;
  sdk::Timestamp finished_at{};
  std::int64_t duration_ms = 0;
  std::uint64_t previous_generation = 0;
  std::uint64_t generation = 0;   // active afterwards (the previous one unless applied)
  std::string config_file;        // what was read ("vellum.yaml", or "built-in defaults")
  std::string config_sha256;      // of its text; empty when it could not be read
  config::ConfigDiff changes;     // from the running configuration to the file's
  std::vector<std::string> rebuilt;
  std::vector<std::string> reused;
  std::vector<std::string> reasons;           // refused: each, as the log says it
  std::vector<config::MaskedSetting> masked_edits;  // file edits an environment variable overrides
  std::vector<std::string> restart_keys;      // changed keys the running server keeps until a restart
  std::vector<std::string> warnings;          // one line per masked edit, restart key group, deprecated variable
};

}  // namespace vellum::reload
