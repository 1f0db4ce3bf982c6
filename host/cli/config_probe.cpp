#include "cli/config_probe.hpp"

#include "cli/app_config.hpp"
#include "plugins/host_services.hpp"
#include "plugins/runtime_builder.hpp"

namespace vellum::cli {

namespace {

template <sdk::Slot S>
void check_slot(const plugins::SlotChoice& choice, const plugins::LoadedConfig& loaded, sdk::HostContext& host,
                std::vector<std::string>& errors) {
  if (choice.plugin.empty()) return;
  const auto library = loaded.catalog.find(S, choice.plugin);
  if (!library) return;  // the configuration check has named a missing plugin already
  if (auto created = library->create<S>(choice.settings, host); !created) {
    errors.push_back(std::string(sdk::to_string(S)) + " plugin '" + choice.plugin + "': " + created.error().message);
  }
}

}  // namespace

std::vector<std::string> plugin_setting_errors(const plugins::LoadedConfig& loaded) {
  const auto& config = *loaded.report.config;
  const auto spec = runtime_spec(config);
  plugins::HostServices host(config.data_dir.string());
  std::vector<std::string> errors;
  check_slot<sdk::Slot::embedding>(spec.embedding, loaded, host, errors);
  check_slot<sdk::Slot::queue>(spec.queue, loaded, host, errors);
  return errors;
}

int probe_plugins(const plugins::LoadedConfig& loaded, std::ostream& out) {
  const auto& config = *loaded.report.config;
  auto spec = runtime_spec(config);
  spec.storage.settings = storage_settings(config, false);  // a probe changes nothing
  plugins::HostServices host(config.data_dir.string());
  plugins::BuildReport report;
  auto built = plugins::build_runtime(spec, loaded.catalog, host, nullptr, &report);
  for (const auto& name : report.rebuilt) {
    const auto slot = name == "embedding" ? sdk::Slot::embedding : name == "storage" ? sdk::Slot::storage
                                                                                     : sdk::Slot::queue;
    const auto& choice = slot == sdk::Slot::embedding ? spec.embedding : slot == sdk::Slot::storage ? spec.storage
                                                                                                 : spec.queue;
    const auto library = loaded.catalog.find(slot, choice.plugin);
    out << "probe: " << name << " plugin '" << choice.plugin << "' " << (library ? library->manifest().version : "")
        << ": " << (slot == sdk::Slot::queue ? "created (queue strategies have no health check)" : "healthy") << "\n";
  }
  for (const auto& failure : report.failures) out << "probe failed: " << failure << "\n";
  if (!config.queue_enabled) out << "probe: queue disabled (queue.enabled: false)\n";
  if (!built) {
    out << "probe: " << report.failures.size() << (report.failures.size() == 1 ? " slot" : " slots")
        << " would refuse this configuration at start or reload\n";
    return kExitFailure;
  }
  out << "probe OK: every plugin was built and answered its health check within "
      << config.plugins.health_check_timeout.count() << " ms\n";
  return kExitOk;
}

}  // namespace vellum::cli
