#include "cli/app_config.hpp"

#include <ostream>

#include "common/logging.hpp"

namespace vellum::cli {

namespace {

LoadedConfig load_with(const CommandContext& context, std::optional<std::string> config_file) {
  config::LoadOptions options;
  if (config_file) options.config_file = *config_file;
  options.env = context.environment;
  return load_plugins_for(context, config::read_config_source(options));
}

}  // namespace

LoadedConfig load_plugins_for(const CommandContext& context, config::ConfigSource source) {
  const auto plugin_env = context.environment.find("VELLUM_PLUGIN_PATH");
  const auto search_path = plugins::plugin_search_path(
      config::plugin_directories(source),
      plugin_env == context.environment.end() ? nullptr : plugin_env->second.c_str());
  LoadedConfig loaded{plugins::PluginCatalog::scan(search_path), {}, std::move(source)};
  loaded.report = config::resolve_config(loaded.source, plugins::CatalogSchemas(loaded.catalog));
  return loaded;
}

LoadedConfig load_config_and_plugins(const CommandContext& context) {
  return load_with(context, context.args.value("config"));
}

LoadedConfig load_config_and_plugins(const CommandContext& context, const std::string& config_file) {
  return load_with(context, config_file);
}

search::VectorIndexOptions vector_index_options(const config::Config& config) {
  const auto& s = config.semantic_search;
  search::VectorIndexOptions options;
  options.hnsw_threshold = s.hnsw_threshold;
  options.hnsw_m = s.hnsw_m;
  options.hnsw_ef_construction = s.hnsw_ef_construction;
  options.hnsw_ef_search = s.hnsw_ef_search;
  return options;
}

void setup_logging_for(const config::Config& config, const CommandContext& context) {
  static constexpr const char* kLevels[] = {"trace", "debug", "info", "warn", "error"};
  std::string level = kLevels[static_cast<int>(config.log.level)];
  LogFormat format = config.log.format == config::LogFormat::json ? LogFormat::json : LogFormat::text;
  if (auto override_level = context.args.value("log-level")) level = *override_level;
  if (auto override_format = context.args.value("log-format")) {
    format = *override_format == "json" ? LogFormat::json : LogFormat::text;
  }
  setup_logging(level, format);
}

int report_config_errors(const config::LoadReport& report, std::ostream& err) {
  err << "vellum: invalid configuration (" << report.source_name << "):\n";
  for (const auto& error : report.errors) err << "  " << error << "\n";
  return kExitFailure;
}

}  // namespace vellum::cli

namespace vellum::cli {

sdk::Result<sdk::BackendPtr> open_storage(const config::Config& config, const plugins::PluginCatalog& catalog,
                                          sdk::HostContext& host, bool migrate) {
  auto library = catalog.find(sdk::Slot::storage, config.storage.plugin);
  if (!library) {
    return sdk::Error(sdk::ErrorKind::not_found, catalog.explain_missing(sdk::Slot::storage, config.storage.plugin));
  }
  return library->create<sdk::Slot::storage>(storage_settings(config, migrate), host);
}

sdk::PluginConfig storage_settings(const config::Config& config, bool migrate) {
  auto values = config.storage.settings.values();
  if (values.count("auto_migrate")) values["auto_migrate"] = migrate;
  return sdk::PluginConfig(config.storage.settings.section(), values);
}

}  // namespace vellum::cli
