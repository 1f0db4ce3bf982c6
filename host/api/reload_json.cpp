#include "api/reload_json.hpp"

#include "common/clock.hpp"

namespace vellum::api {

namespace {

nlohmann::json changes_json(const config::ConfigDiff& diff) {
  nlohmann::json slots = nlohmann::json::array();
  for (const auto& change : diff.slots) {
    slots.push_back({{"slot", sdk::to_string(change.slot)},
                     {"pluginChanged", change.plugin_changed},
                     {"from", change.old_plugin},
                     {"to", change.new_plugin},
                     {"keys", change.keys}});
  }
  return {{"summary", config::describe(diff)}, {"slots", slots}, {"coreKeys", diff.core_keys}};
}

nlohmann::json masked_json(const std::vector<config::MaskedSetting>& masked) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& m : masked) out.push_back({{"key", m.key}, {"file", m.file.where()}, {"variable", m.variable}});
  return out;
}

template <class Interface>
nlohmann::json slot_json(const plugins::ActiveSlot<Interface>& slot) {
  if (!slot.object) return nullptr;
  return {{"plugin", slot.choice.plugin}, {"version", slot.version}};
}

}  // namespace

nlohmann::json outcome_json(const reload::ReloadOutcome& o) {
  nlohmann::json body = {{"outcome", reload::to_string(o.outcome)},
                         {"trigger", reload::to_string(o.trigger)},
                         {"finishedAt", format_iso8601(o.finished_at)},
                         {"durationMs", o.duration_ms},
                         {"previousGeneration", o.previous_generation},
                         {"generation", o.generation},
                         {"configFile", o.config_file},
                         {"configSha256", o.config_sha256},
                         {"changes", changes_json(o.changes)},
                         {"rebuilt", o.rebuilt},
                         {"reused", o.reused},
                         {"reasons", o.reasons},
                         {"maskedEdits", masked_json(o.masked_edits)},
                         {"restartRequired", o.restart_keys},
                         {"warnings", o.warnings}};
  if (o.outcome == reload::Outcome::refused) {
    std::string error = "reload refused";
    for (std::size_t i = 0; i < o.reasons.size(); ++i) error += (i == 0 ? ": " : "; ") + o.reasons[i];
    body["error"] = error;
  }
  return body;
}

nlohmann::json running_config_json(const reload::RunningConfig& running) {
  return {{"file", running.file},
          {"sha256", running.sha256},
          {"lastGood", running.last_good},
          {"appliedAt", format_iso8601(running.applied_at)}};
}

nlohmann::json runtime_json(const reload::ReloadRecord::View& record, const plugins::Runtime* runtime) {
  nlohmann::json slots = nullptr;
  if (runtime) {
    slots = {{"embedding", slot_json(runtime->embedding)},
             {"storage", slot_json(runtime->storage)},
             {"queue", slot_json(runtime->queue)}};
  }
  return {{"generation", runtime ? runtime->generation : 0},
          {"config", running_config_json(record.running)},
          {"slots", slots},
          {"lastReload", record.last ? outcome_json(*record.last) : nlohmann::json()},
          {"reloads",
           {{"applied", record.counts[static_cast<std::size_t>(reload::Outcome::applied)]},
            {"unchanged", record.counts[static_cast<std::size_t>(reload::Outcome::unchanged)]},
            {"refused", record.counts[static_cast<std::size_t>(reload::Outcome::refused)]}}},
          {"maskedByEnvironment", masked_json(record.running.masked)}};
}

}  // namespace vellum::api
