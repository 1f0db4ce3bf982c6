// Environment variables, as an operator would look them up.
//
// Precedence, lowest first:
//   1. built-in defaults (core_settings.cpp and each plugin's settings table)
//   2. the configuration file
//   3. deprecated aliases below (each one logs a warning naming its replacement)
//   4. the established names below (AUTH_TOKEN, PORT, DATABASE_URL, EMBEDDING_QUEUE_* …)
//   5. VELLUM_<SECTION>__<KEY>, e.g. VELLUM_SERVER__PORT=8080, VELLUM_EMBEDDING__OLLAMA__BASE_URL=…
// so an explicit VELLUM_ variable always wins, and old .env files keep working unchanged.
//
// Values are trimmed; an empty value counts as unset (docker-compose passes `${DATA_DIR:-}` as "").
// An unknown VELLUM_ variable is an error, like an unknown key in the file. A name below whose target
// cannot take it (the plugin is not installed, or has no such setting) is ignored with a warning:
// these names are shared by many deployments, and OLLAMA_BASE_URL left over after a switch to
// OpenAI must not stop the server.
#include "config/env_names.hpp"

#include <algorithm>
#include <cctype>

namespace vellum::config {

namespace {

constexpr EnvName kLegacyNames[] = {
    // variable                             key                                          deprecated: use instead
    {"AUTH_TOKEN",                          "auth.token",                                ""},
    {"PORT",                                "server.port",                               ""},
    {"DATA_DIR",                            "data_dir",                                  ""},
    {"LOG_LEVEL",                           "log.level",                                 ""},
    {"SEMANTIC_SEARCH_ENABLED",             "semantic_search.enabled",                   ""},
    {"CHUNK_SIZE",                          "indexing.chunk_tokens",                     ""},
    {"CHUNK_OVERLAP",                       "indexing.chunk_overlap_tokens",             ""},
    {"MCP_SERVER_ENABLED",                  "mcp.enabled",                               ""},
    {"MCP_SESSION_IDLE_MS",                 "mcp.session_idle_ms",                       ""},
    {"MCP_SESSION_TTL_MS",                  "mcp.session_ttl_ms",                        ""},
    {"MCP_MAX_SESSIONS_TOTAL",              "mcp.max_sessions",                          ""},
    {"MCP_MAX_SESSIONS_PER_TOKEN",          "mcp.max_sessions_per_token",                ""},
    {"MCP_RATE_LIMIT_WINDOW_MS",            "mcp.rate_limit_window_ms",                  ""},
    {"MCP_RATE_LIMIT_MAX_REQUESTS",         "mcp.rate_limit_max_requests",               ""},
    {"MCP_MULTI_SEARCH_LIMIT",              "mcp.multi_search_limit",                    ""},
    {"API_RATE_LIMIT_WINDOW_MS",            "server.rate_limit_window_ms",               ""},
    {"API_RATE_LIMIT_MAX_REQUESTS",         "server.rate_limit_general",                 ""},
    {"API_RATE_LIMIT_EXPENSIVE_MAX_REQUESTS", "server.rate_limit_expensive",             ""},
    {"API_RATE_LIMIT_PUBLIC_MAX_REQUESTS",  "server.rate_limit_public",                  ""},

    // Embedding. MODEL and DIMENSIONS go to whichever provider is selected.
    {"EMBEDDING_PROVIDER",                  "embedding.provider",                        ""},
    {"EMBEDDING_MODEL",                     "embedding.{provider}.model",                ""},
    {"EMBEDDING_DIMENSIONS",                "embedding.{provider}.dimensions",           ""},
    {"OLLAMA_BASE_URL",                     "embedding.ollama.base_url",                 ""},
    {"OPENAI_API_KEY",                      "embedding.openai.api_key",                  ""},
    {"OPENAI_BASE_URL",                     "embedding.openai.base_url",                 ""},

    // Storage.
    {"DATABASE_URL",                        "storage.postgres.url",                      ""},

    // Queue (EMBEDDING_QUEUE_* as read by the previous implementation; units in the key names).
    {"EMBEDDING_QUEUE_ENABLED",             "queue.enabled",                             ""},
    {"EMBEDDING_QUEUE_WORKER_INTERVAL",     "queue.background.worker_interval_ms",       ""},
    {"EMBEDDING_QUEUE_MAX_RETRIES",         "queue.background.max_retries",              ""},
    {"EMBEDDING_QUEUE_RETRY_BACKOFF_BASE",  "queue.background.retry_backoff_base_ms",    ""},
    {"EMBEDDING_QUEUE_BATCH_SIZE",          "queue.background.batch_size",               ""},
    {"EMBEDDING_QUEUE_CLEANUP_INTERVAL",    "queue.background.cleanup_interval_hours",   ""},
    {"EMBEDDING_QUEUE_CLEANUP_RETENTION_DAYS", "queue.background.cleanup_retention_days", ""},
    {"EMBEDDING_QUEUE_HEARTBEAT_INTERVAL",  "queue.background.heartbeat_interval_ms",    ""},
    {"EMBEDDING_QUEUE_METRICS_INTERVAL",    "queue.background.metrics_interval_ms",      ""},
    {"EMBEDDING_QUEUE_MAX_PROCESSING_TIME", "queue.background.max_processing_time_ms",   ""},
    {"EMBEDDING_QUEUE_STUCK_TASK_CLEANUP_ENABLED", "queue.background.stuck_task_cleanup_enabled", ""},

    // Deprecated aliases: names from the old queue documentation that its code never read
    // (queue-spec §5.2). Accepted, with a warning naming the variable to use instead.
    {"EMBEDDING_WORKER_INTERVAL",           "queue.background.worker_interval_ms",       "EMBEDDING_QUEUE_WORKER_INTERVAL"},
    {"EMBEDDING_MAX_RETRIES",               "queue.background.max_retries",              "EMBEDDING_QUEUE_MAX_RETRIES"},
    {"EMBEDDING_BATCH_SIZE",                "queue.background.batch_size",               "EMBEDDING_QUEUE_BATCH_SIZE"},
    {"EMBEDDING_RETRY_BACKOFF_BASE",        "queue.background.retry_backoff_base_ms",    "EMBEDDING_QUEUE_RETRY_BACKOFF_BASE"},
    {"EMBEDDING_WORKER_TIMEOUT",            "queue.background.task_timeout_ms",          "VELLUM_QUEUE__BACKGROUND__TASK_TIMEOUT_MS"},
    {"EMBEDDING_QUEUE_STUCK_TIMEOUT",       "queue.background.max_processing_time_ms",   "EMBEDDING_QUEUE_MAX_PROCESSING_TIME"},
    {"EMBEDDING_QUEUE_RETENTION_DAYS",      "queue.background.cleanup_retention_days",   "EMBEDDING_QUEUE_CLEANUP_RETENTION_DAYS"},
    {"EMBEDDING_CLEANUP_RETENTION_DAYS",    "queue.background.cleanup_retention_days",   "EMBEDDING_QUEUE_CLEANUP_RETENTION_DAYS"},
    {"EMBEDDING_CONCURRENT_WORKERS",        "queue.background.workers",                  "VELLUM_QUEUE__BACKGROUND__WORKERS"},
};

constexpr UnsupportedEnvName kUnsupportedNames[] = {
    {"EMBEDDING_CLEANUP_INTERVAL",
     "its documented unit was milliseconds but the old code used hours; set EMBEDDING_QUEUE_CLEANUP_INTERVAL (hours)"},
    {"EMBEDDING_QUEUE_METRICS_ENABLED", "metrics are always collected; set EMBEDDING_QUEUE_METRICS_INTERVAL instead"},
    {"DB_HOST", "the database is one connection URL; set DATABASE_URL (storage.postgres.url)"},
    {"DB_PORT", "the database is one connection URL; set DATABASE_URL (storage.postgres.url)"},
    {"DB_NAME", "the database is one connection URL; set DATABASE_URL (storage.postgres.url)"},
    {"DB_USER", "the database is one connection URL; set DATABASE_URL (storage.postgres.url)"},
    {"DB_PASSWORD", "the database is one connection URL; set DATABASE_URL (storage.postgres.url)"},
};

// VELLUM_ variables read elsewhere, never configuration keys.
constexpr std::string_view kReservedVellumNames[] = {
    "VELLUM_PLUGIN_PATH",  // extra plugin directories, searched after plugins.path (host/plugins)
    "VELLUM_MCP_TOKEN",    // the API key `vellum mcp` acts as (cli/mcp_command.cpp)
};

}  // namespace

std::span<const EnvName> legacy_env_names() { return kLegacyNames; }
std::span<const UnsupportedEnvName> unsupported_env_names() { return kUnsupportedNames; }

// VELLUM_TEST_* belongs to the test suite (VELLUM_TEST_PG_URL, VELLUM_TEST_STORAGE…), which runs the real
// binary with its own environment; those variables are never configuration.
constexpr std::string_view kReservedVellumPrefix = "VELLUM_TEST_";

bool is_reserved_env_name(std::string_view variable) {
  return variable.rfind(kReservedVellumPrefix, 0) == 0 ||
         std::find(std::begin(kReservedVellumNames), std::end(kReservedVellumNames), variable) !=
             std::end(kReservedVellumNames);
}

std::string env_name_for(std::string_view dotted_key) {
  std::string out(kEnvPrefix);
  for (char c : dotted_key) {
    if (c == '.') {
      out += kEnvLevelSeparator;
    } else {
      out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
  }
  return out;
}

}  // namespace vellum::config
