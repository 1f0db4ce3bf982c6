// Settings tables standing in for the real plugins, so configuration tests load no libraries. They
// follow the keys the plugins document (base_url, model, api_key, url, the queue's *_ms keys).
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "config/config_loader.hpp"
#include "config/plugin_schemas.hpp"

namespace vellum::test {

// local, ollama, openai; sqlite, postgres; background, sync.
const config::StaticPluginSchemas& test_schemas();

// Loads with the test tables; `working_dir` keeps ./vellum.yaml discovery inside the test's directory.
config::LoadReport load(const std::filesystem::path& working_dir, std::optional<std::filesystem::path> file = {},
                        config::Environment env = {});
config::LoadReport load(const std::filesystem::path& working_dir, std::optional<std::filesystem::path> file,
                        config::Environment env, const config::PluginSchemas& schemas);

// All errors, one per line, for failure messages.
std::string joined(const std::vector<std::string>& lines);

// Writes `yaml` to <working_dir>/vellum.yaml and loads it with the test tables; the test fails
// (naming the errors) unless it is valid.
config::Config load_valid(const std::filesystem::path& working_dir, const std::string& yaml,
                          config::Environment env = {});

}  // namespace vellum::test
