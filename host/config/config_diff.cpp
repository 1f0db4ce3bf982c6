#include "config/config_diff.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace vellum::config {

namespace {

std::optional<sdk::Slot> slot_of(const std::string& key) {
  for (auto slot : {sdk::Slot::embedding, sdk::Slot::storage, sdk::Slot::queue}) {
    if (key.rfind(std::string(sdk::to_string(slot)) + ".", 0) == 0) return slot;
  }
  return std::nullopt;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

}  // namespace

bool ConfigDiff::slot_changed(sdk::Slot slot) const noexcept {
  return std::any_of(slots.begin(), slots.end(), [&](const SlotChange& c) { return c.slot == slot; });
}

ConfigDiff diff(const Config& old, const Config& now) {
  std::set<std::string> keys;
  for (const auto& [key, setting] : old.effective) keys.insert(key);
  for (const auto& [key, setting] : now.effective) keys.insert(key);

  ConfigDiff result;
  for (auto slot : {sdk::Slot::embedding, sdk::Slot::storage, sdk::Slot::queue}) {
    SlotChange change{slot, old.slot(slot).plugin != now.slot(slot).plugin, old.slot(slot).plugin,
                      now.slot(slot).plugin, {}};
    for (const auto& key : keys) {
      if (slot_of(key) != slot) continue;
      auto before = old.effective.find(key);
      auto after = now.effective.find(key);
      const bool same = before != old.effective.end() && after != now.effective.end() &&
                        before->second.value == after->second.value;
      if (!same) change.keys.push_back(key);
    }
    if (change.plugin_changed || !change.keys.empty()) result.slots.push_back(std::move(change));
  }
  for (const auto& key : keys) {
    if (slot_of(key)) continue;
    auto before = old.effective.find(key);
    auto after = now.effective.find(key);
    if (before == old.effective.end() || after == now.effective.end() || before->second.value != after->second.value) {
      result.core_keys.push_back(key);
    }
  }
  return result;
}

std::vector<MaskedSetting> masked_edits(const Config& old, const Config& now) {
  std::map<std::string, const MaskedSetting*> before, after;
  for (const auto& masked : old.masked) before[masked.key] = &masked;
  for (const auto& masked : now.masked) after[masked.key] = &masked;
  std::vector<MaskedSetting> edits;
  for (const auto& [key, entry] : after) {
    auto was = before.find(key);
    const bool edited = was == before.end() || was->second->file_value_sha256 != entry->file_value_sha256;
    if (edited || entry->differs) edits.push_back(*entry);
  }
  for (const auto& [key, entry] : before) {
    if (!after.count(key)) edits.push_back(*entry);
  }
  std::sort(edits.begin(), edits.end(), [](const auto& a, const auto& b) { return a.key < b.key; });
  return edits;
}

std::string describe(const ConfigDiff& diff) {
  if (diff.empty()) return "no changes";
  std::vector<std::string> parts;
  for (const auto& change : diff.slots) {
    std::string part = std::string(sdk::to_string(change.slot)) + ": ";
    if (change.plugin_changed) {
      part += "plugin " + change.old_plugin + " -> " + change.new_plugin;
    } else {
      part += "settings " + join(change.keys);
    }
    parts.push_back(std::move(part));
  }
  if (!diff.core_keys.empty()) parts.push_back("core: " + join(diff.core_keys));
  std::string out;
  for (const auto& part : parts) out += (out.empty() ? "" : "; ") + part;
  return out;
}

}  // namespace vellum::config
