#include "cli/serve_start.hpp"

#include <spdlog/spdlog.h>

#include "cli/app_config.hpp"
#include "common/clock.hpp"
#include "common/crypto.hpp"
#include "reload/last_good.hpp"

namespace vellum::cli {

void ServeOverrides::apply(plugins::LoadedConfig& loaded) const {
  if (!loaded.report.config) return;
  if (port) loaded.report.config->server.port = *port;
  if (host) loaded.report.config->server.host = *host;
}

sdk::Result<StartPlan> last_good_plan(const CommandContext& context, const plugins::LoadedConfig& file,
                                      std::vector<std::string> reasons, const ServeOverrides& overrides) {
  using sdk::Error;
  using sdk::ErrorKind;
  const auto& file_config = *file.report.config;
  if (!file.source.file) return Error(ErrorKind::not_found, "no configuration file, so no last good copy of one");
  const auto copy = reload::last_good_path(file_config.data_dir);
  auto text = reload::read_last_good(file_config.data_dir);
  if (!text) return Error(ErrorKind::not_found, "no last good configuration in " + copy.string());
  if (*text == file.source.text) {
    return Error(ErrorKind::not_found, "the last good configuration (" + copy.string() + ") is the file itself");
  }
  // Named as the copy in messages; relative paths still resolve against the file's directory.
  auto source = file.source;
  source.file = copy;
  source.text = std::move(*text);
  StartPlan plan{load_plugins_for(context, std::move(source)), std::nullopt};
  if (!plan.loaded.report.ok()) {
    std::string errors;
    for (const auto& error : plan.loaded.report.errors) errors += (errors.empty() ? "" : "; ") + error;
    return Error(ErrorKind::invalid_argument, "the last good configuration " + copy.string() +
                                                  " is no longer valid: " + errors);
  }
  overrides.apply(plan.loaded);

  reload::ReloadOutcome refused;
  refused.outcome = reload::Outcome::refused;
  refused.trigger = reload::Trigger::startup;
  refused.finished_at = now_ms();
  refused.config_file = file.report.source_name;
  refused.config_sha256 = sha256_hex(file.source.text);
  refused.changes = config::diff(*plan.loaded.report.config, file_config);
  refused.reasons = std::move(reasons);
  plan.refused = std::move(refused);
  return plan;
}

void announce_last_good(const StartPlan& plan) {
  const auto& refused = *plan.refused;
  for (const auto& reason : refused.reasons) spdlog::error("{}: refused: {}", refused.config_file, reason);
  spdlog::warn("STARTING ON THE LAST GOOD CONFIGURATION {}: the changes in {} are NOT in effect ({}); fix the "
               "file, then run `vellum reload`",
               plan.loaded.report.source_name, refused.config_file, config::describe(refused.changes));
}

}  // namespace vellum::cli
