// The validated configuration: typed core settings, the chosen plugin and its settings per slot,
// and for every effective key its value and where it came from (for `vellum config show`).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "vellum/sdk/abi.hpp"
#include "vellum/sdk/plugin_config.hpp"

namespace vellum::config {

// Where a value came from. The enumerators are in precedence order: a later source overrides an
// earlier one (default < file < deprecated env alias < established env name < VELLUM_ env).
enum class Source { built_in = 0, file = 1, env_deprecated = 2, env_legacy = 3, env = 4 };

struct Origin {
  Source source = Source::built_in;
  std::string file;      // as the operator named it ("vellum.yaml", "/etc/vellum/vellum.yaml")
  int line = 0;          // 1-based
  std::string variable;  // the environment variable, for env sources

  [[nodiscard]] bool from_env() const noexcept { return source >= Source::env_deprecated; }
  // For error messages: "vellum.yaml:12", "env VELLUM_SERVER__PORT", "default".
  [[nodiscard]] std::string where() const;
  // For `config show`: "file:vellum.yaml:12", "env:VELLUM_SERVER__PORT", "default".
  [[nodiscard]] std::string label() const;
};

// One effective key ("server.port", "embedding.ollama.base_url"). Paths are already resolved;
// list settings are one string joined with `list_separator`.
struct EffectiveSetting {
  sdk::PluginConfig::Value value;
  Origin origin;
  bool secret = false;
  char list_separator = 0;  // 0 = not a list
};

// The typed views below are filled from the core tables (core_settings.cpp), the one place where
// defaults live. Their member initialisers only keep a default-constructed Config well-defined; a
// loaded Config always carries the tables' values.

enum class LogLevel { trace, debug, info, warn, error };
enum class LogFormat { text, json };

struct ServerSettings {
  std::string host;
  std::uint16_t port = 0;
  unsigned threads = 0;  // already resolved: a configured 0 becomes the number of cores (at least 1)
  std::uint64_t max_body_bytes = 0;
  std::uint32_t max_header_bytes = 0;
  std::uint32_t max_url_bytes = 0;
  std::chrono::seconds read_timeout{};
  std::chrono::seconds idle_timeout{};
  std::chrono::seconds header_timeout{};
  std::size_t max_connections = 0;
  std::size_t max_connections_per_address = 0;  // 0 = no per-address limit
  std::chrono::seconds shutdown_drain{};
  bool console = true;  // serve the web console at /
  std::filesystem::path pid_file;  // where `vellum serve` writes its process id (resolved: never empty)
  std::vector<std::string> cors_origins;
  std::vector<std::string> trusted_proxies;  // peer IPs whose X-Forwarded-For is believed
  std::chrono::milliseconds rate_limit_window{};
  std::uint32_t rate_limit_general = 0;    // per window; 0 = unlimited
  std::uint32_t rate_limit_expensive = 0;
  std::uint32_t rate_limit_public = 0;
};

// Shorter admin tokens are refused (config validation for auth.token, `serve` for every source).
inline constexpr std::size_t kMinAdminTokenLength = 16;

// At most one of token and token_file is set: both in the same place is an error, in different places
// the higher-precedence one wins (AUTH_TOKEN beats a token_file in the file). Neither is allowed
// here because only `serve` needs the admin token; it refuses to start without one.
struct AuthSettings {
  std::optional<std::string> token;
  std::optional<std::filesystem::path> token_file;  // absolute
};

struct LogSettings {
  LogLevel level = LogLevel::info;
  LogFormat format = LogFormat::text;
};

struct PluginSettings {
  // Absolute; searched before VELLUM_PLUGIN_PATH and the installed plugin directory.
  std::vector<std::filesystem::path> path;
  // A plugin that has not answered its health check by then fails the swap that would use it: a
  // provider taking 30 s per call is not one to switch to.
  std::chrono::milliseconds health_check_timeout{5000};
};

struct SemanticSearchSettings {
  bool enabled = false;
  // The in-memory vector index of each embedding set: an exact scan up to hnsw_threshold vectors,
  // an HNSW graph past it. hnsw_ef_search trades latency for recall (tests/bench/bench_vector_index).
  std::size_t hnsw_threshold = 0;
  std::size_t hnsw_m = 0;
  std::size_t hnsw_ef_construction = 0;
  std::size_t hnsw_ef_search = 0;
};

// How a provider switch proceeds (embedding.cutover, rollback_window_seconds, migration_share).
struct EmbeddingSwitchSettings {
  bool automatic_cutover = true;
  std::chrono::milliseconds rollback_window{};
  double migration_share = 0;
};

// The MCP server at /mcp (and `vellum mcp`): DNS-rebinding allow-lists, session limits and expiry,
// the per-session rate limit, and the size of the multi-query tools.
struct McpServerSettings {
  bool enabled = true;
  std::vector<std::string> allowed_hosts;    // Host (and Origin host) names accepted; "*" = any
  std::vector<std::string> allowed_origins;  // whole origins accepted besides those hosts
  std::chrono::milliseconds session_idle{};
  std::chrono::milliseconds session_ttl{};
  std::uint32_t max_sessions = 0;
  std::uint32_t max_sessions_per_token = 0;
  std::chrono::milliseconds rate_limit_window{};
  std::uint32_t rate_limit_max_requests = 0;  // per session and window; 0 = unlimited
  std::uint32_t rate_limit_initialize = 0;    // initialize per token and window; 0 = unlimited
  std::uint32_t multi_search_limit = 0;
};

struct IndexingSettings {
  std::uint32_t chunk_tokens = 0;
  std::uint32_t chunk_overlap_tokens = 0;  // always smaller than chunk_tokens
  std::chrono::milliseconds change_feed_poll{1000};  // several processes on one database
  std::chrono::milliseconds change_feed_lag_warn{30000};  // the vector index this far behind is degraded
};

// The configuration's choice for one slot: the plugin and its validated settings (the plugin's
// defaults filled in). Owns its strings, so it outlives a plugin library being unloaded.
// A key the file sets but an environment variable overrides: editing it in the file changes nothing
// until the variable is gone (a running process's environment is fixed), so reloads say so.
struct MaskedSetting {
  std::string key;            // "embedding.provider"
  Origin file;                // where the file sets it
  std::string variable;       // the variable whose value is in effect
  std::string file_value_sha256;  // of the file's text: tells an edit apart without keeping a secret
  bool differs = false;           // the file's text is not the variable's: the file misstates what runs
};

struct SlotSelection {
  std::string plugin;
  sdk::PluginConfig settings;
};

struct Config {
  // The file read, as named on the command line or found ("vellum.yaml"); nullopt = built-in defaults.
  std::optional<std::filesystem::path> file;
  [[nodiscard]] std::string source_name() const;  // the file, or "built-in defaults"

  ServerSettings server;
  AuthSettings auth;
  LogSettings log;
  std::filesystem::path data_dir;    // absolute
  std::filesystem::path import_dir;  // absolute; what /api/import reads
  PluginSettings plugins;
  SemanticSearchSettings semantic_search;
  IndexingSettings indexing;
  McpServerSettings mcp;

  SlotSelection embedding;
  EmbeddingSwitchSettings embedding_switch;
  SlotSelection storage;
  SlotSelection queue;
  bool queue_enabled = true;

  // Every effective key, core and selected plugins alike, sorted by key.
  std::map<std::string, EffectiveSetting, std::less<>> effective;
  // Deprecated or ignored environment variables; the caller logs them.
  std::vector<std::string> warnings;
  // Keys whose file value an environment variable overrides, sorted by key.
  std::vector<MaskedSetting> masked;

  [[nodiscard]] const SlotSelection& slot(sdk::Slot s) const;
};

}  // namespace vellum::config
