#include "config/test_schemas.hpp"

#include <catch2/catch.hpp>

#include <fstream>

namespace vellum::test {

namespace {

using namespace vellum::sdk;

// option_secret() has no "required"; the OpenAI key and the database URL are both.
constexpr ConfigOption required_secret(const char* key, const char* doc) {
  return ConfigOption{key, OptionType::string, nullptr, true, false, 0, 0, nullptr, true, doc};
}

const ConfigOption kLocal[] = {
    option_integer("dimensions", "384", 8, 4096, "Vector size"),
    option_string("model", "hashed-ngrams-v1", "Model id"),
};
const ConfigOption kOllama[] = {
    option_string("base_url", "http://localhost:11434", "Ollama server"),
    option_string("model", "nomic-embed-text", "Model"),
    option_integer("dimensions", "768", 1, 8192, "Vector size"),
    option_integer("timeout_ms", "30000", 100, 600000, "Per request"),
};
const ConfigOption kOpenAi[] = {
    required_secret("api_key", "API key"),
    option_string("base_url", "https://api.openai.com/v1", "API base"),
    option_string("model", "text-embedding-3-small", "Model"),
    option_integer("dimensions", "1536", 1, 8192, "Vector size"),
};
const ConfigOption kSqlite[] = {
    option_string("file", "vellum.db", "Database file inside data_dir"),
    option_integer("busy_timeout_ms", "5000", 0, 600000, "Wait for locks"),
};
const ConfigOption kPostgres[] = {
    required_secret("url", "Connection URL"),
    option_integer("pool_size", "10", 1, 200, "Connections"),
};
const ConfigOption kBackground[] = {
    option_integer("worker_interval_ms", "5000", 1000, 300000, "Poll interval"),
    option_integer("max_retries", "3", 0, 10, "Attempts after the first"),
    option_integer("retry_backoff_base_ms", "1000", 100, 60000, "Backoff base"),
    option_integer("batch_size", "1", 1, 100, "Tasks per claim"),
    option_integer("cleanup_interval_hours", "24", 1, 168, "Retention job"),
    option_integer("cleanup_retention_days", "30", 1, 365, "Keep completed tasks"),
    option_integer("heartbeat_interval_ms", "30000", 5000, 300000, "Heartbeat"),
    option_integer("metrics_interval_ms", "60000", 10000, 3600000, "Metrics"),
    option_integer("max_processing_time_ms", "1800000", 60000, 7200000, "Lease"),
    option_boolean("stuck_task_cleanup_enabled", "true", "Rescue expired leases"),
    option_integer("task_timeout_ms", "300000", 1000, 3600000, "One task"),
    option_integer("workers", "1", 1, 64, "Worker threads"),
};

}  // namespace

const config::StaticPluginSchemas& test_schemas() {
  static const config::StaticPluginSchemas schemas = [] {
    config::StaticPluginSchemas s;
    s.add(Slot::embedding, "local", {std::begin(kLocal), std::end(kLocal)})
        .add(Slot::embedding, "ollama", {std::begin(kOllama), std::end(kOllama)})
        .add(Slot::embedding, "openai", {std::begin(kOpenAi), std::end(kOpenAi)})
        .add(Slot::storage, "sqlite", {std::begin(kSqlite), std::end(kSqlite)})
        .add(Slot::storage, "postgres", {std::begin(kPostgres), std::end(kPostgres)})
        .add(Slot::queue, "background", {std::begin(kBackground), std::end(kBackground)})
        .add(Slot::queue, "sync", {});
    return s;
  }();
  return schemas;
}

config::LoadReport load(const std::filesystem::path& working_dir, std::optional<std::filesystem::path> file,
                        config::Environment env, const config::PluginSchemas& schemas) {
  config::LoadOptions options;
  options.config_file = std::move(file);
  options.working_dir = working_dir;
  options.env = std::move(env);
  return config::load_config(options, schemas);
}

config::LoadReport load(const std::filesystem::path& working_dir, std::optional<std::filesystem::path> file,
                        config::Environment env) {
  return load(working_dir, std::move(file), std::move(env), test_schemas());
}

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& line : lines) out += line + "\n";
  return out;
}

config::Config load_valid(const std::filesystem::path& working_dir, const std::string& yaml,
                          config::Environment env) {
  const auto file = working_dir / "vellum.yaml";
  std::ofstream(file) << yaml;
  auto report = load(working_dir, file, std::move(env));
  INFO(joined(report.errors));
  REQUIRE(report.ok());
  return *report.config;
}

}  // namespace vellum::test
