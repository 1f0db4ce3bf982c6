#include "reload/reloader.hpp"

#include <algorithm>
#include <chrono>

#include <spdlog/spdlog.h>

#include "common/clock.hpp"
#include "common/crypto.hpp"
#include "common/logging.hpp"
#include "datamove/dataset_admission.hpp"
#include "plugins/runtime_spec.hpp"
#include "reload/last_good.hpp"

namespace vellum::reload {

namespace {

// Read again by every reload: the log level, and where plugins are found and how long they may take.
constexpr std::string_view kLiveCoreKeys[] = {"log.level", "plugins.path", "plugins.health_check_timeout_ms"};

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

std::string sha_of(const config::ConfigSource& source) {
  return source.file && source.errors.empty() ? sha256_hex(source.text) : std::string();
}

std::string masked_warning(const config::MaskedSetting& masked) {
  return masked.key + " was edited in " + masked.file.where() + " but the environment variable " + masked.variable +
         " overrides it in this process, so the edit has no effect (a running process's environment cannot " +
         "change: remove the variable where the service is defined, then restart)";
}

void log_start(Trigger trigger) {
  if (trigger == Trigger::signal) {
    spdlog::info("SIGHUP: reloading configuration");
  } else {
    spdlog::info("reload requested (POST /api/admin/reload): reloading configuration");
  }
}

}  // namespace

std::vector<std::string> restart_keys(const config::ConfigDiff& diff) {
  std::vector<std::string> keys;
  for (const auto& key : diff.core_keys) {
    if (std::find(std::begin(kLiveCoreKeys), std::end(kLiveCoreKeys), key) == std::end(kLiveCoreKeys)) {
      keys.push_back(key);
    }
  }
  return keys;
}

void keep_last_good(const plugins::LoadedConfig& loaded, const std::filesystem::path& data_dir) {
  if (!loaded.source.file) return;
  if (auto saved = save_last_good(data_dir, loaded.source.text); !saved) {
    spdlog::warn("cannot keep the last good configuration: {}", saved.error().message);
  }
}

RunningConfig running_config(const plugins::LoadedConfig& loaded, bool last_good) {
  const auto& config = *loaded.report.config;
  return RunningConfig{config.source_name(), sha_of(loaded.source), last_good, now_ms(), config.masked};
}

Reloader::Reloader(Loader load, plugins::RuntimeManager& manager, ReloadRecord& record, config::Config running,
                   std::filesystem::path data_dir)
    : load_(std::move(load)),
      manager_(manager),
      record_(record),
      data_dir_(std::move(data_dir)),
      started_with_semantic_search_(running.semantic_search.enabled),
      running_(std::move(running)) {}

config::Config Reloader::running() const {
  std::lock_guard lock(mutex_);
  return running_;
}

ReloadOutcome Reloader::reload(Trigger trigger, ReloadOptions options) {
  std::lock_guard lock(mutex_);
  const auto started = std::chrono::steady_clock::now();
  log_start(trigger);
  ReloadOutcome outcome;
  outcome.trigger = trigger;
  const auto before = manager_.current();
  outcome.previous_generation = before ? before->generation : 0;
  outcome.generation = outcome.previous_generation;

  auto loaded = load_();
  outcome.config_file = loaded.report.source_name;
  outcome.config_sha256 = sha_of(loaded.source);
  if (!loaded.report.ok()) {
    refuse(outcome, loaded.report.errors);
  } else {
    accept(outcome, *loaded.report.config, loaded, options);
  }
  outcome.finished_at = now_ms();
  outcome.duration_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  record_.record(outcome);
  if (outcome.outcome == Outcome::applied && on_applied_) on_applied_();
  return outcome;
}

void Reloader::refuse(ReloadOutcome& outcome, std::vector<std::string> reasons) const {
  outcome.outcome = Outcome::refused;
  outcome.reasons = std::move(reasons);
  for (const auto& reason : outcome.reasons) spdlog::error("reload refused: {}", reason);
  spdlog::error("reload refused: generation {} stays active", outcome.generation);
}

void Reloader::accept(ReloadOutcome& outcome, config::Config next, const plugins::LoadedConfig& loaded,
                      const ReloadOptions& options) {
  outcome.warnings = next.warnings;
  for (const auto& warning : next.warnings) spdlog::warn("{}", warning);
  outcome.changes = config::diff(running_, next);
  outcome.masked_edits = config::masked_edits(running_, next);
  for (const auto& masked : outcome.masked_edits) {
    outcome.warnings.push_back(masked_warning(masked));
    spdlog::warn("reload: {}", outcome.warnings.back());
  }
  if (outcome.changes.empty()) {
    outcome.outcome = Outcome::unchanged;
    spdlog::info("configuration unchanged");
  } else {
    spdlog::info("configuration changes: {}", config::describe(outcome.changes));
    plugins::BuildReport report;
    const plugins::StorageAdmission admit = [&options](sdk::StorageBackend& running, sdk::StorageBackend& target) {
      return datamove::admit_storage(running, target, {options.new_dataset});
    };
    // semantic_search.* takes effect at a restart: the runtime keeps the queue slot it started with.
    config::Config effective = next;
    effective.semantic_search.enabled = started_with_semantic_search_;
    auto applied = manager_.apply(plugins::runtime_spec(effective), loaded.catalog, &report, &admit);
    outcome.rebuilt = report.rebuilt;
    outcome.reused = report.reused;
    if (!applied) {
      refuse(outcome, report.failures.empty() ? std::vector<std::string>{applied.error().message} : report.failures);
      return;
    }
    outcome.outcome = Outcome::applied;
    outcome.generation = applied.value().generation;
    outcome.restart_keys = restart_keys(outcome.changes);
    if (!outcome.restart_keys.empty()) {
      outcome.warnings.push_back(join(outcome.restart_keys) + ": take effect after a restart (the running server " +
                                 "keeps its start-up values)");
      spdlog::warn("{}", outcome.warnings.back());
    }
    if (next.log.level != running_.log.level) {
      static constexpr const char* kLevels[] = {"trace", "debug", "info", "warn", "error"};
      set_log_level(kLevels[static_cast<int>(next.log.level)]);
    }
  }
  keep_last_good(loaded, data_dir_);
  record_.set_running(running_config(loaded, false));
  running_ = std::move(next);
}

}  // namespace vellum::reload
