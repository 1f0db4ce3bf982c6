#include "config/config_loader.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "config/raw_settings.hpp"
#include "config/yaml_reader.hpp"

namespace vellum::config {

namespace {

namespace fs = std::filesystem;

constexpr const char* kDefaultFileName = "vellum.yaml";

// No plugins at all: enough to read the core keys before any plugin is loaded.
class NoPlugins final : public PluginSchemas {
 public:
  std::optional<std::span<const sdk::ConfigOption>> options(sdk::Slot, std::string_view) const override {
    return std::nullopt;
  }
  std::vector<std::string> names(sdk::Slot) const override { return {}; }
};

void read_file(const fs::path& full, const std::string& name, ConfigSource& source) {
  std::error_code error;
  if (!fs::exists(full, error)) {
    source.errors.push_back(name + ": cannot read the configuration file: no such file");
    return;
  }
  if (fs::is_directory(full, error)) {
    source.errors.push_back(name + ": cannot read the configuration file: it is a directory");
    return;
  }
  std::ifstream in(full, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in) {
    source.errors.push_back(name + ": cannot read the configuration file: " + std::strerror(errno));
    return;
  }
  source.text = text.str();
}

RawSettings merge(const ConfigSource& source, const PluginSchemas& schemas, std::vector<std::string>& errors,
                  std::vector<std::string>& warnings) {
  RawSettings raw;
  if (source.file) read_yaml_settings(source.text, source.file->string(), schemas, raw, errors, warnings);
  read_env_settings(source.env, schemas, raw, errors, warnings);
  return raw;
}

void read_source(const LoadOptions& options, ConfigSource& source) {
  source.env = options.env;
  source.working_dir = options.working_dir.empty() ? fs::current_path() : fs::absolute(options.working_dir);
  source.file_dir = source.working_dir;

  fs::path named;  // as the operator will see it
  if (options.config_file) {
    named = *options.config_file;
  } else if (std::error_code error; fs::exists(source.working_dir / kDefaultFileName, error)) {
    named = options.working_dir.empty() ? fs::path(kDefaultFileName) : source.working_dir / kDefaultFileName;
  } else {
    return;
  }
  const fs::path full = (source.working_dir / named).lexically_normal();  // `/` keeps an absolute `named`
  source.file = named;
  source.file_dir = full.parent_path();
  read_file(full, named.string(), source);
}

}  // namespace

ConfigSource read_config_source(const LoadOptions& options) {
  ConfigSource source;
  try {
    read_source(options, source);
  } catch (const std::exception& e) {  // filesystem errors: the edge where exceptions become messages
    source.errors.push_back("cannot read the configuration: " + std::string(e.what()));
  }
  return source;
}

RawSettings unvalidated_settings(const ConfigSource& source) {
  std::vector<std::string> ignored_errors, ignored_warnings;
  return merge(source, NoPlugins{}, ignored_errors, ignored_warnings);
}

BuildContext build_context(const ConfigSource& source) {
  return BuildContext{source.file, source.file_dir, source.working_dir};
}

std::vector<fs::path> plugin_directories(const ConfigSource& source) {
  const auto raw = unvalidated_settings(source);
  const auto* path = raw.find("plugins.path");
  return path ? resolve_path_list(*path, build_context(source)) : std::vector<fs::path>{};
}

LoadReport resolve_config(const ConfigSource& source, const PluginSchemas& schemas) {
  LoadReport report;
  report.source_name = source.file ? source.file->string() : "built-in defaults";
  report.errors = source.errors;
  if (!report.errors.empty()) return report;

  try {
    auto raw = merge(source, schemas, report.errors, report.warnings);
    auto config = build_config(raw, schemas, build_context(source), report.errors, report.warnings);
    if (config && report.errors.empty()) {
      config->warnings = report.warnings;
      report.config = std::move(config);
    }
  } catch (const std::exception& e) {  // a bug or exhaustion: still a message, never a crash
    report.errors.push_back("internal error while reading the configuration: " + std::string(e.what()));
    report.config.reset();
  }
  return report;
}

LoadReport load_config(const LoadOptions& options, const PluginSchemas& schemas) {
  return resolve_config(read_config_source(options), schemas);
}

sdk::Result<Config> to_result(LoadReport report) {
  if (report.config) return std::move(*report.config);
  std::string message;
  for (const auto& error : report.errors) message += (message.empty() ? "" : "\n") + error;
  return sdk::Error(sdk::ErrorKind::invalid_argument, message);
}

}  // namespace vellum::config
