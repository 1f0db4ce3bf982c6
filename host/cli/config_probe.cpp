#include "cli/config_probe.hpp"

#include "cli/app_config.hpp"
#include "plugins/host_services.hpp"
#include "plugins/runtime_builder.hpp"

namespace vellum::cli {

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
