#include "config/core_settings.hpp"

#include <algorithm>
#include <array>

namespace vellum::config {

using sdk::option_boolean;
using sdk::option_choice;
using sdk::option_integer;
using sdk::option_number;
using sdk::option_secret;
using sdk::option_string;

namespace {

// The defaults below are the only ones: config/vellum.yaml repeats them for reading, and a unit test
// checks that it matches these tables.

constexpr sdk::ConfigOption kTopLevel[] = {
    option_string("data_dir", "./data", "Database, vector index and admin token live here (relative: to this file)"),
    option_string("import_dir", "",
                  "What /api/import reads; empty = <data_dir>/import. Must not hold the data directory"),
};

constexpr sdk::ConfigOption kServer[] = {
    option_string("host", "0.0.0.0", "Address to listen on"),
    option_integer("port", "5000", 0, 65535, "TCP port; 0 picks a free one"),
    option_integer("threads", "0", 0, 1024, "Request threads; 0 = one per CPU core"),
    option_integer("max_body_bytes", "10485760", 1024, 1073741824, "Largest request body accepted (10 MiB)"),
    option_integer("max_header_bytes", "16384", 1024, 1048576, "Largest total size of the request headers"),
    option_integer("max_url_bytes", "8192", 256, 65536, "Longest request target (path and query) accepted"),
    option_integer("read_timeout_seconds", "30", 1, 3600, "Time allowed to receive one whole request"),
    option_integer("idle_timeout_seconds", "60", 1, 86400, "A keep-alive connection idle this long is closed"),
    option_integer("header_timeout_seconds", "10", 1, 3600,
                   "Time a new connection (or a keep-alive request from its first byte) has to send its whole header"),
    option_integer("max_connections", "1024", 1, 1000000, "Open connections in all; more get 503"),
    option_integer("max_connections_per_address", "64", 0, 1000000,
                   "Open connections from one client address; more get 429. 0 = no limit (e.g. behind a proxy)"),
    option_integer("shutdown_drain_seconds", "10", 0, 600, "On SIGTERM, in-flight requests get this long"),
    option_boolean("console", "true", "Serve the web console at / (false: the REST API and MCP only)"),
    option_string("pid_file", "",
                  "The server's process id, for `kill -HUP \"$(cat FILE)\"`; empty = <data_dir>/vellum.pid"),
    option_string("cors_origins", "", "Browser origins allowed to call the API (list); empty = no CORS headers"),
    option_string("trusted_proxies", "",
                  "Peer addresses whose X-Forwarded-For is believed (list); empty = rate-limit by socket address"),
    option_integer("rate_limit_window_ms", "60000", 1000, 86400000, "Length of one rate-limit window"),
    option_integer("rate_limit_general", "60", 0, 1000000,
                   "Requests per window per token (or per address) on the API; 0 = unlimited"),
    option_integer("rate_limit_expensive", "5", 0, 1000000,
                   "Requests per window per token on expensive routes (import); 0 = unlimited"),
    option_integer("rate_limit_public", "30", 0, 1000000,
                   "Requests per window per address on public routes (/health, public articles); 0 = unlimited"),
};

constexpr sdk::ConfigOption kAuth[] = {
    option_secret("token", "The admin token (AUTH_TOKEN in older deployments)"),
    option_string("token_file", nullptr, "File whose first line is the admin token; instead of token"),
};

constexpr sdk::ConfigOption kLog[] = {
    option_choice("level", "info", "trace|debug|info|warn|error", "Least severe message written"),
    option_choice("format", "text", "text|json", "text for people, json (one object per line) for collectors"),
};

constexpr sdk::ConfigOption kPlugins[] = {
    option_string("path", "",
                  "Plugin directories searched first (list); then VELLUM_PLUGIN_PATH, then the installed ones"),
    option_integer("health_check_timeout_ms", "5000", 100, 600000,
                   "A provider or backend being swapped in (start, reload, config check --probe) must answer its "
                   "health check within this, else the swap is refused"),
};

constexpr sdk::ConfigOption kSemanticSearch[] = {
    option_boolean("enabled", "true", "Embed articles and offer semantic and hybrid search"),
    option_integer("hnsw_threshold", "20000", 0, 1000000000,
                   "Vectors in one embedding set past which an HNSW graph answers instead of an exact scan"),
    option_integer("hnsw_m", "16", 4, 128, "Links per node of the HNSW graph (more: better recall, more memory)"),
    option_integer("hnsw_ef_construction", "100", 10, 4096, "Candidates kept while the HNSW graph is built"),
    option_integer("hnsw_ef_search", "128", 10, 4096,
                   "Candidates kept while searching the HNSW graph (more: better recall, slower queries)"),
};

constexpr sdk::ConfigOption kIndexing[] = {
    option_integer("chunk_tokens", "500", 16, 8192, "Target size of one chunk"),
    option_integer("chunk_overlap_tokens", "50", 0, 4096, "Tokens repeated between neighbouring chunks"),
    option_integer("change_feed_poll_ms", "1000", 10, 3600000,
                   "How often the vector index reads other processes' writes from the chunk change feed "
                   "(PostgreSQL wakes it at once with LISTEN/NOTIFY; this is the fallback)"),
    option_integer("change_feed_lag_warn_ms", "30000", 100, 86400000,
                   "A change waiting longer than this to reach the vector index is logged and marks /health "
                   "degraded (vellum_index_follower_lag_threshold_seconds)"),
};

constexpr sdk::ConfigOption kMcp[] = {
    option_boolean("enabled", "true", "Serve MCP at /mcp (MCP_SERVER_ENABLED)"),
    option_string("allowed_hosts", "localhost,127.0.0.1,[::1]",
                  "Host names /mcp answers to (list; DNS-rebinding protection); add the name agents use, or *"),
    option_string("allowed_origins", "", "Browser origins allowed to call /mcp besides those hosts (list)"),
    option_integer("session_idle_ms", "900000", 1000, 86400000, "An MCP session unused this long ends"),
    option_integer("session_ttl_ms", "3600000", 1000, 604800000, "An MCP session ends this long after it began"),
    option_integer("max_sessions", "200", 2, 100000,
                   "Open MCP sessions in total; at the limit an idle one is evicted, else 503"),
    option_integer("max_sessions_per_token", "20", 1, 99999,
                   "Open MCP sessions per token, below max_sessions; at the limit the token's oldest idle one "
                   "is evicted, else 429"),
    option_integer("rate_limit_window_ms", "60000", 1000, 86400000, "Length of one MCP rate-limit window"),
    option_integer("rate_limit_max_requests", "100", 0, 1000000,
                   "MCP requests per window per session; 0 = unlimited"),
    option_integer("rate_limit_initialize", "30", 0, 1000000,
                   "MCP sessions opened (initialize) per window per token; 0 = unlimited"),
    option_integer("multi_search_limit", "10", 1, 100, "Most queries in multiSearchArticles / multiSemanticSearch"),
};

constexpr sdk::ConfigOption kEmbedding[] = {
    option_string("provider", "local", "The embedding plugin: local, ollama, openai, or any installed one"),
    // A provider switch (docs/operations.md, "Switching the embedding provider"): search keeps using the
    // active set while the new provider fills its own, then cuts over.
    option_choice("cutover", "auto", "auto|manual",
                  "auto: search moves to the new provider's set once it holds every article; manual: "
                  "only `vellum embeddings activate` moves it"),
    option_integer("rollback_window_seconds", "86400", 0, 31536000,
                   "How long the set search used before a cut-over is kept current (every change embedded "
                   "by both providers), so going back needs no re-embedding"),
    option_number("migration_share", "0.5", 0.05, 1,
                  "Share of the queue's workers that filling a new set may keep busy; edits go first"),
};

constexpr sdk::ConfigOption kStorage[] = {
    option_string("backend", "sqlite", "The storage plugin: sqlite, postgres, or any installed one"),
};

constexpr sdk::ConfigOption kQueue[] = {
    option_string("strategy", "background", "The queue plugin: background, sync, or any installed one"),
    // On by default: the background plugin ships with Vellum. Off means no strategy runs at all (and
    // none need be installed): writes are stored, articles stay unindexed until indexed again.
    option_boolean("enabled", "true", "false: the strategy is not started (EMBEDDING_QUEUE_ENABLED=false)"),
};

const std::array<CoreSection, 11> kSections{{
    {"", kTopLevel, std::nullopt},
    {"server", kServer, std::nullopt},
    {"auth", kAuth, std::nullopt},
    {"log", kLog, std::nullopt},
    {"plugins", kPlugins, std::nullopt},
    {"semantic_search", kSemanticSearch, std::nullopt},
    {"indexing", kIndexing, std::nullopt},
    {"mcp", kMcp, std::nullopt},
    {"embedding", kEmbedding, sdk::Slot::embedding},
    {"storage", kStorage, sdk::Slot::storage},
    {"queue", kQueue, sdk::Slot::queue},
}};

struct ListSetting {
  std::string_view key;
  char separator;
};
// ':' for directories, like PATH; ',' for origins, which contain ':' themselves.
constexpr ListSetting kLists[] = {{"plugins.path", ':'}, {"server.cors_origins", ','}, {"server.trusted_proxies", ','},
                                  {"mcp.allowed_hosts", ','}, {"mcp.allowed_origins", ','}};

constexpr std::string_view kPathSettings[] = {"data_dir", "import_dir", "auth.token_file", "plugins.path",
                                              "server.pid_file"};

}  // namespace

std::span<const CoreSection> core_sections() { return kSections; }

const CoreSection* find_core_section(std::string_view name) {
  auto it = std::find_if(kSections.begin(), kSections.end(), [&](const CoreSection& s) { return s.name == name; });
  return it == kSections.end() ? nullptr : &*it;
}

const CoreSection& slot_section(sdk::Slot slot) {
  return *find_core_section(sdk::to_string(slot));
}

const sdk::ConfigOption* find_option(std::span<const sdk::ConfigOption> options, std::string_view key) {
  auto it = std::find_if(options.begin(), options.end(), [&](const sdk::ConfigOption& o) { return key == o.key; });
  return it == options.end() ? nullptr : &*it;
}

std::string_view selector_key(sdk::Slot slot) {
  switch (slot) {
    case sdk::Slot::embedding: return "provider";
    case sdk::Slot::storage: return "backend";
    case sdk::Slot::queue: return "strategy";
  }
  return "provider";
}

std::vector<std::string> top_level_keys() {
  std::vector<std::string> keys;
  for (const auto& section : kSections) {
    if (section.name.empty()) {
      for (const auto& option : section.options) keys.emplace_back(option.key);
    } else {
      keys.emplace_back(section.name);
    }
  }
  std::sort(keys.begin(), keys.end());
  return keys;
}

std::optional<char> list_separator(std::string_view dotted_key) {
  for (const auto& list : kLists) {
    if (list.key == dotted_key) return list.separator;
  }
  return std::nullopt;
}

bool is_path_setting(std::string_view dotted_key) {
  return std::find(std::begin(kPathSettings), std::end(kPathSettings), dotted_key) != std::end(kPathSettings);
}

}  // namespace vellum::config
