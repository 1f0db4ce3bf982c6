// Where the running configuration and the reloads of this process are recorded, for the readers that
// report them (GET /api/admin/runtime, the admin /health, /metrics). Thread-safe: the reloader writes,
// request threads read copies.
#pragma once

#include <array>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "reload/reload_outcome.hpp"

namespace vellum::reload {

// The configuration the active runtime was built from.
struct RunningConfig {
  std::string file;    // as read: "vellum.yaml", "built-in defaults", or the last good copy
  std::string sha256;  // of its text; empty for built-in defaults
  bool last_good = false;  // serve refused the file and started on the last good copy
  sdk::Timestamp applied_at{};
  std::vector<config::MaskedSetting> masked;  // file values an environment variable overrides
};

class ReloadRecord {
 public:
  struct View {
    RunningConfig running;
    std::optional<ReloadOutcome> last;                   // none before the first reload
    std::array<std::uint64_t, 3> counts{};               // by Outcome
  };

  void set_running(RunningConfig running);
  void record(ReloadOutcome outcome);
  [[nodiscard]] View view() const;

 private:
  mutable std::mutex mutex_;
  View view_;
};

}  // namespace vellum::reload
