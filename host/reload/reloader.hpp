// The one reload path. SIGHUP, `vellum reload` (through POST /api/admin/reload) and the API itself all
// call Reloader::reload(): read the configuration file again (with this process's environment, fixed
// since it started), compare it with the running configuration, build and health-check the changed
// slots and swap them in — or keep everything as it was and say why. Synchronous and serialised, so the
// caller's answer is the outcome; every outcome is logged and recorded in the ReloadRecord.
#pragma once

#include <filesystem>
#include <functional>
#include <mutex>

#include "config/config.hpp"
#include "plugins/catalog_schemas.hpp"
#include "plugins/hot_swap.hpp"
#include "reload/reload_outcome.hpp"
#include "reload/reload_record.hpp"

namespace vellum::reload {

// What the one asking for a reload allows beyond the configuration file.
struct ReloadOptions {
  // A changed storage.* may name an empty database or one that holds another dataset (a deliberate
  // fresh start); otherwise such a reload is refused (datamove::admit_storage).
  bool new_dataset = false;
};

class Reloader {
 public:
  // Reads the configuration as `vellum serve` did at start (same file, same command-line overrides).
  using Loader = std::function<plugins::LoadedConfig()>;

  // `running` is what the active runtime was built from; `data_dir` (fixed at start) keeps the last
  // good copy of the file.
  Reloader(Loader load, plugins::RuntimeManager& manager, ReloadRecord& record, config::Config running,
           std::filesystem::path data_dir);

  ReloadOutcome reload(Trigger trigger, ReloadOptions options = {});
  // Called after every applied reload, before reload() returns (the switch coordinator looks at the
  // new embedding lanes at once instead of at its next pass).
  void on_applied(std::function<void()> hook) { on_applied_ = std::move(hook); }
  [[nodiscard]] config::Config running() const;

 private:
  void refuse(ReloadOutcome& outcome, std::vector<std::string> reasons) const;
  void accept(ReloadOutcome& outcome, config::Config next, const plugins::LoadedConfig& loaded,
              const ReloadOptions& options);

  Loader load_;
  std::function<void()> on_applied_;
  plugins::RuntimeManager& manager_;
  ReloadRecord& record_;
  std::filesystem::path data_dir_;
  const bool started_with_semantic_search_;  // semantic_search.enabled is a restart key
  mutable std::mutex mutex_;  // one reload at a time; guards running_
  config::Config running_;
};

// Core keys a changed file can set that the running server keeps until a restart (everything but
// the slots, log.level and plugins.*): the listening socket, limits, auth, data paths, index settings.
[[nodiscard]] std::vector<std::string> restart_keys(const config::ConfigDiff& diff);

// Saves the file of `loaded` as the last good copy in `data_dir` (nothing without a file); a failure
// is logged, never fatal.
void keep_last_good(const plugins::LoadedConfig& loaded, const std::filesystem::path& data_dir);

// What the runtime was built from, for the record.
[[nodiscard]] RunningConfig running_config(const plugins::LoadedConfig& loaded, bool last_good);

}  // namespace vellum::reload
