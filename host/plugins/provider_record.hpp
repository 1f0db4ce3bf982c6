// An embedding set records the provider plugin that fills it and that plugin's settings without its
// secrets, so the host can load the provider again (after a restart, or once the configuration names
// another provider) to keep serving the set. Secrets come from the configuration's own section.
#pragma once

#include <memory>
#include <string>

#include "plugins/plugin_catalog.hpp"
#include "plugins/runtime.hpp"

namespace vellum::plugins {

// The choice's settings as a JSON object, leaving out every key the plugin declares secret.
[[nodiscard]] std::string recordable_settings(const SlotChoice& choice, const PluginCatalog& catalog);

// Creates the provider `set` records. Secret settings are taken from `configured` when it is the same
// plugin. Fails when the plugin is not installed or now describes another model or size.
[[nodiscard]] sdk::Result<std::shared_ptr<sdk::EmbeddingProvider>> load_recorded_provider(
    const sdk::EmbeddingSet& set, const SlotChoice& configured, const PluginCatalog& catalog, sdk::HostContext& host);

}  // namespace vellum::plugins
