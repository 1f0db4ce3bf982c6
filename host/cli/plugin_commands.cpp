// vellum plugins list
#include <nlohmann/json.hpp>
#include <ostream>

#include "cli/app_config.hpp"
#include "config/plugin_settings.hpp"

namespace vellum::cli {

namespace {

nlohmann::json manifest_json(const plugins::Manifest& m) {
  nlohmann::json settings = nlohmann::json::array();
  for (const auto& option : m.options) {
    settings.push_back({{"key", option.key},
                        {"type", sdk::to_string(option.type)},
                        {"default", option.default_value ? nlohmann::json(option.default_value) : nlohmann::json()},
                        {"required", option.required},
                        {"secret", option.secret},
                        {"accepted", config::describe_accepted(option)},
                        {"doc", option.doc ? option.doc : ""}});
  }
  return {{"name", m.name},
          {"slot", sdk::to_string(m.slot)},
          {"version", m.version},
          {"description", m.description},
          {"file", m.file.string()},
          {"abi_version", m.abi_version},
          {"sdk_version", std::to_string(m.sdk_major) + "." + std::to_string(m.sdk_minor)},
          {"stdlib", m.stdlib_id},
          {"settings", settings}};
}

void print_text(const plugins::PluginCatalog& catalog, std::ostream& out) {
  out << "plugin directories:\n";
  for (const auto& directory : catalog.directories()) out << "  " << directory.string() << "\n";
  for (auto slot : {sdk::Slot::embedding, sdk::Slot::storage, sdk::Slot::queue}) {
    out << "\n" << sdk::to_string(slot) << ":\n";
    bool any = false;
    for (const auto& library : catalog.plugins()) {
      const auto& m = library->manifest();
      if (m.slot != slot) continue;
      any = true;
      out << "  " << m.name << " " << m.version << " — " << m.description << "\n"
          << "    file: " << m.file.string() << " (ABI " << m.abi_version << ", SDK " << m.sdk_major << "."
          << m.sdk_minor << ")\n";
      for (const auto& option : m.options) {
        out << "    " << option.key << ": " << config::describe_accepted(option)
            << (option.default_value ? std::string(", default ") + option.default_value : std::string())
            << (option.secret ? ", secret" : "") << " — " << (option.doc ? option.doc : "") << "\n";
      }
    }
    if (!any) out << "  (none)\n";
  }
  if (!catalog.refused().empty()) {
    out << "\nrefused:\n";
    for (const auto& refused : catalog.refused()) out << "  " << refused.reason << "\n";
  }
}

}  // namespace

void register_plugin_commands(CommandSet& commands) {
  commands.add({{"plugins", "list"},
                "list every plugin found, with its manifest, or why it was refused",
                "usage: vellum plugins list [--config FILE] [--json]\n\n"
                "Searches plugins.path, then VELLUM_PLUGIN_PATH (colon-separated), then the installed\n"
                "plugin directory, and prints each plugin's manifest and settings table, and each file\n"
                "that was refused with the reason.\n\n"
                "exit codes: 0 listed, 2 wrong usage\n",
                {{}, {"json"}},
                [](CommandContext& context) {
                  auto loaded = load_config_and_plugins(context);
                  const auto& catalog = loaded.catalog;
                  if (!context.args.flag("json")) {
                    print_text(catalog, context.out);
                    return kExitOk;
                  }
                  nlohmann::json out = {{"directories", nlohmann::json::array()},
                                        {"plugins", nlohmann::json::array()},
                                        {"refused", nlohmann::json::array()}};
                  for (const auto& d : catalog.directories()) out["directories"].push_back(d.string());
                  for (const auto& p : catalog.plugins()) out["plugins"].push_back(manifest_json(p->manifest()));
                  for (const auto& r : catalog.refused()) {
                    out["refused"].push_back({{"file", r.file.string()}, {"reason", r.reason}});
                  }
                  context.out << out.dump(2) << "\n";
                  return kExitOk;
                }});
}

}  // namespace vellum::cli
