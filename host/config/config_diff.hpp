// What changed between two configurations, for a reload (SIGHUP, POST /api/admin/reload): the slots
// whose plugin or settings changed are rebuilt, the others keep their live instances.
#pragma once

#include <string>
#include <vector>

#include "config/config.hpp"

namespace vellum::config {

struct SlotChange {
  sdk::Slot slot = sdk::Slot::embedding;
  bool plugin_changed = false;     // another plugin selected
  std::string old_plugin;
  std::string new_plugin;
  std::vector<std::string> keys;   // every changed key of the slot ("embedding.ollama.model", "queue.enabled")
};

struct ConfigDiff {
  std::vector<SlotChange> slots;       // only the slots that changed, in slot order
  std::vector<std::string> core_keys;  // changed core keys ("server.port", "log.level"), sorted

  [[nodiscard]] bool empty() const noexcept { return slots.empty() && core_keys.empty(); }
  [[nodiscard]] bool slot_changed(sdk::Slot slot) const noexcept;
};

// Compares effective values only: a value moved from the file to the environment unchanged is not a
// change. Secrets are compared too, but only their keys are reported.
[[nodiscard]] ConfigDiff diff(const Config& old, const Config& now);

// The masked keys a reload from `old` to `now` must warn about, the file saying one thing while an
// environment variable keeps another: a masked file value added, changed or removed since `old`, or
// one that still differs from the variable's (so repeating the reload repeats the warning). Sorted by
// key; each entry is `now`'s (or `old`'s for a removed value): it names the file line and the variable.
[[nodiscard]] std::vector<MaskedSetting> masked_edits(const Config& old, const Config& now);

// One line for logs and the reload response: "embedding: plugin ollama -> openai; core: log.level".
[[nodiscard]] std::string describe(const ConfigDiff& diff);

}  // namespace vellum::config
