#include "config/config_builder.hpp"

#include <algorithm>
#include <set>
#include <thread>
#include <utility>

#include "common/crypto.hpp"
#include "config/config_layout.hpp"
#include "config/core_settings.hpp"
#include "config/plugin_settings.hpp"

namespace vellum::config {

namespace {

using Inputs = std::map<std::string, SettingInput, std::less<>>;

std::filesystem::path resolve(const std::string& text, const Origin& origin, const BuildContext& context) {
  std::filesystem::path path(text);
  if (path.is_absolute()) return path.lexically_normal();
  const auto& base = origin.source == Source::file ? context.file_dir : context.working_dir;
  return (base / path).lexically_normal();
}

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> out;
  std::string_view rest = text;
  while (!rest.empty()) {
    auto at = rest.find(separator);
    if (auto item = rest.substr(0, at); !item.empty()) out.emplace_back(item);
    if (at == std::string_view::npos) break;
    rest.remove_prefix(at + 1);
  }
  return out;
}

class Builder {
 public:
  Builder(const RawSettings& raw, const PluginSchemas& schemas, const BuildContext& context,
          std::vector<std::string>& errors, std::vector<std::string>& warnings)
      : raw_(raw), schemas_(schemas), context_(context), errors_(errors), warnings_(warnings) {}

  std::optional<Config> build() {
    config_.file = context_.file;
    for (const auto& section : core_sections()) {
      core_[std::string(section.name)] = validate(std::string(section.name), section.options, true);
    }
    for (auto slot : {sdk::Slot::embedding, sdk::Slot::storage, sdk::Slot::queue}) select(slot);
    check_together();
    resolve_paths();
    check_import_dir();
    if (!errors_.empty()) return std::nullopt;
    fill_typed();
    fill_masked();
    return std::move(config_);
  }

 private:
  // Checks the raw values of one section against `options` and records the effective values.
  sdk::PluginConfig validate(const std::string& section, std::span<const sdk::ConfigOption> options, bool selected) {
    Inputs given;
    for (const auto& [key, value] : raw_.values()) {
      if (value.section == section) given.emplace(value.key, SettingInput{value.text, value.origin.where()});
    }
    std::vector<sdk::Error> problems;
    auto settings = collect_plugin_config(section, options, given, problems, selected);
    for (const auto& problem : problems) errors_.push_back(problem.message);
    if (!selected) return settings;
    for (const auto& [key, value] : settings.values()) {
      const auto dotted = qualified_key(section, key);
      const auto* option = find_option(options, key);
      const auto* written = raw_.find(dotted);
      config_.effective[dotted] = EffectiveSetting{value, written ? written->origin : Origin{},
                                                   option && option->secret, list_separator(dotted).value_or(0)};
    }
    return settings;
  }

  // The slot's plugin must be installed; its section is validated by its own table. Sections of
  // other installed plugins are checked too (a typo there should not wait for the next switch), but
  // their required keys may be missing.
  void select(sdk::Slot slot) {
    const std::string slot_name = sdk::to_string(slot);
    const std::string selector = qualified_key(slot_name, selector_key(slot));
    const std::string plugin = core_[slot_name].get_string(selector_key(slot));
    std::set<std::string> written;
    for (const auto& [key, value] : raw_.values()) {
      if (value.section.rfind(slot_name + ".", 0) == 0) written.insert(value.section.substr(slot_name.size() + 1));
    }
    for (const auto& other : written) {
      if (other == plugin) continue;
      if (auto options = schemas_.options(slot, other)) (void)validate(slot_name + "." + other, *options, false);
    }
    auto options = schemas_.options(slot, plugin);
    // A disabled queue runs no strategy, so its plugin need not be installed (EMBEDDING_QUEUE_ENABLED=false
    // is how operators turn background embedding off, including on hosts without the queue plugins).
    if (!options && slot == sdk::Slot::queue && !core_["queue"].get_boolean("enabled")) return;
    if (!options) {
      const auto* chosen = raw_.find(selector);
      const std::string where = chosen ? chosen->origin.where() + ": " + selector
                                       : selector + " (default '" + plugin + "')";
      errors_.push_back(where + ": " + plugin_not_installed(slot, plugin, schemas_));
      return;
    }
    SlotSelection& selection = slot == sdk::Slot::embedding ? config_.embedding
                               : slot == sdk::Slot::storage ? config_.storage
                                                            : config_.queue;
    selection.plugin = plugin;
    selection.settings = validate(slot_name + "." + plugin, *options, true);
  }

  // Rules that involve two keys.
  void check_together() {
    // Both admin-token keys: written side by side that is a mistake; but AUTH_TOKEN in the
    // environment beside token_file in the file is an override, like any other.
    const auto* token = raw_.find("auth.token");
    const auto* token_file = raw_.find("auth.token_file");
    if (token && token_file && token->origin.source == token_file->origin.source) {
      errors_.push_back(token_file->origin.where() + ": auth.token_file: set either auth.token or auth.token_file, " +
                        "not both (auth.token is set at " + token->origin.where() + ")");
    } else if (token && token_file) {
      const bool token_wins = token->origin.source > token_file->origin.source;
      const auto& [winner, loser] = token_wins ? std::pair{token, token_file} : std::pair{token_file, token};
      const std::string winner_key = token_wins ? "auth.token" : "auth.token_file";
      const std::string loser_key = token_wins ? "auth.token_file" : "auth.token";
      warnings_.push_back(loser_key + " (" + loser->origin.where() + ") is ignored: " + winner_key + " is set by " +
                          winner->origin.where() + ", which takes precedence");
      config_.effective.erase(loser_key);
    }
    const auto& indexing = core_["indexing"];
    const auto chunk = indexing.get_integer("chunk_tokens");
    const auto overlap = indexing.get_integer("chunk_overlap_tokens");
    if (indexing.has("chunk_tokens") && indexing.has("chunk_overlap_tokens") && overlap >= chunk) {
      const auto* written = raw_.find("indexing.chunk_overlap_tokens");
      if (!written) written = raw_.find("indexing.chunk_tokens");
      errors_.push_back((written ? written->origin.where() : std::string("default")) +
                        ": indexing.chunk_overlap_tokens: must be smaller than indexing.chunk_tokens (" +
                        std::to_string(chunk) + "), got " + std::to_string(overlap));
    }
    check_admin_token_length();
    check_mcp_session_caps();
  }

  // A short admin token can be guessed (the key to everything); generated ones are 64 characters.
  void check_admin_token_length() {
    auto it = config_.effective.find("auth.token");
    if (it == config_.effective.end()) return;
    const auto& token = std::get<std::string>(it->second.value);
    const auto first = token.find_first_not_of(" \t\r\n");
    const auto length = first == std::string::npos ? 0 : token.find_last_not_of(" \t\r\n") - first + 1;
    if (length >= kMinAdminTokenLength) return;
    errors_.push_back(it->second.origin.where() + ": auth.token: the admin token must be at least " +
                      std::to_string(kMinAdminTokenLength) + " characters, got " + std::to_string(length) +
                      " (choose a long random one, e.g. openssl rand -hex 32)");
  }

  // Below the total, so that no one token can take every session.
  void check_mcp_session_caps() {
    const auto& mcp = core_["mcp"];
    if (!mcp.has("max_sessions") || !mcp.has("max_sessions_per_token")) return;
    const auto total = mcp.get_integer("max_sessions");
    const auto per_token = mcp.get_integer("max_sessions_per_token");
    if (per_token < total) return;
    const auto* written = raw_.find("mcp.max_sessions_per_token");
    if (!written) written = raw_.find("mcp.max_sessions");
    errors_.push_back((written ? written->origin.where() : std::string("default")) +
                      ": mcp.max_sessions_per_token: must be below mcp.max_sessions (" + std::to_string(total) +
                      "), got " + std::to_string(per_token));
  }

  // An import runs with the server's rights and what it imports is readable by every key: the
  // directory it reads must not hold the database or the admin token (links out of it are refused
  // by the importer).
  void check_import_dir() {
    const auto import_dir = config_.effective.find("import_dir");
    if (import_dir == config_.effective.end()) return;
    const auto data_dir = config_.effective.find("data_dir");
    if (data_dir == config_.effective.end()) return;
    std::string written = std::get<std::string>(import_dir->second.value);
    if (written.empty()) written = std::get<std::string>(data_dir->second.value) + "/import";  // the default
    auto canonical = [](const std::string& path) {
      std::error_code ec;
      auto resolved = std::filesystem::weakly_canonical(path, ec);
      return ec ? std::filesystem::path(path).lexically_normal() : resolved;
    };
    const auto root = canonical(written);
    for (const char* key : {"data_dir", "auth.token_file"}) {
      const auto other = config_.effective.find(key);
      if (other == config_.effective.end()) continue;
      const auto& path = std::get<std::string>(other->second.value);
      const auto relative = canonical(path).lexically_relative(root);
      if (relative.empty() || *relative.begin() == "..") continue;
      errors_.push_back(import_dir->second.origin.where() + ": import_dir: must not be or contain " + key + " (" +
                        path + "): imported files are readable by every API key");
    }
  }

  void resolve_paths() {
    for (auto& [key, setting] : config_.effective) {
      if (!is_path_setting(key)) continue;
      auto& text = std::get<std::string>(setting.value);
      if (setting.list_separator) {
        std::string joined;
        for (const auto& item : split(text, setting.list_separator)) {
          joined += (joined.empty() ? "" : std::string(1, setting.list_separator)) +
                    resolve(item, setting.origin, context_).string();
        }
        text = joined;
      } else if (text.empty()) {
        // An empty default means "derived from another setting" (import_dir); written empty, an error.
        if (setting.origin.source == Source::built_in) continue;
        errors_.push_back(setting.origin.where() + ": " + key + ": expected a path, got ''");
      } else {
        text = resolve(text, setting.origin, context_).string();
      }
    }
  }

  std::string text(const std::string& key) const {
    auto it = config_.effective.find(key);
    return it == config_.effective.end() ? std::string() : std::get<std::string>(it->second.value);
  }
  std::int64_t integer(const std::string& key) const {
    return std::get<std::int64_t>(config_.effective.at(key).value);
  }
  bool boolean(const std::string& key) const { return std::get<bool>(config_.effective.at(key).value); }
  double number(const std::string& key) const {
    const auto& value = config_.effective.at(key).value;
    if (const auto* i = std::get_if<std::int64_t>(&value)) return static_cast<double>(*i);
    return std::get<double>(value);
  }

  void fill_typed() {
    auto& server = config_.server;
    server.host = text("server.host");
    server.port = static_cast<std::uint16_t>(integer("server.port"));
    server.threads = static_cast<unsigned>(integer("server.threads"));
    if (server.threads == 0) server.threads = std::max(1u, std::thread::hardware_concurrency());
    server.max_body_bytes = static_cast<std::uint64_t>(integer("server.max_body_bytes"));
    server.max_header_bytes = static_cast<std::uint32_t>(integer("server.max_header_bytes"));
    server.max_url_bytes = static_cast<std::uint32_t>(integer("server.max_url_bytes"));
    server.read_timeout = std::chrono::seconds(integer("server.read_timeout_seconds"));
    server.idle_timeout = std::chrono::seconds(integer("server.idle_timeout_seconds"));
    server.header_timeout = std::chrono::seconds(integer("server.header_timeout_seconds"));
    server.max_connections = static_cast<std::size_t>(integer("server.max_connections"));
    server.max_connections_per_address = static_cast<std::size_t>(integer("server.max_connections_per_address"));
    server.shutdown_drain = std::chrono::seconds(integer("server.shutdown_drain_seconds"));
    server.console = boolean("server.console");
    server.cors_origins = split(text("server.cors_origins"), ',');
    server.trusted_proxies = split(text("server.trusted_proxies"), ',');
    server.rate_limit_window = std::chrono::milliseconds(integer("server.rate_limit_window_ms"));
    server.rate_limit_general = static_cast<std::uint32_t>(integer("server.rate_limit_general"));
    server.rate_limit_expensive = static_cast<std::uint32_t>(integer("server.rate_limit_expensive"));
    server.rate_limit_public = static_cast<std::uint32_t>(integer("server.rate_limit_public"));

    if (config_.effective.count("auth.token")) config_.auth.token = text("auth.token");
    if (config_.effective.count("auth.token_file")) config_.auth.token_file = text("auth.token_file");

    const std::string level = text("log.level");
    config_.log.level = level == "trace"   ? LogLevel::trace
                        : level == "debug" ? LogLevel::debug
                        : level == "warn"  ? LogLevel::warn
                        : level == "error" ? LogLevel::error
                                           : LogLevel::info;
    config_.log.format = text("log.format") == "json" ? LogFormat::json : LogFormat::text;

    config_.data_dir = text("data_dir");
    config_.server.pid_file =
        text("server.pid_file").empty() ? config_.data_dir / "vellum.pid" : std::filesystem::path(text("server.pid_file"));
    config_.import_dir =
        text("import_dir").empty() ? config_.data_dir / "import" : std::filesystem::path(text("import_dir"));
    for (const auto& dir : split(text("plugins.path"), ':')) config_.plugins.path.emplace_back(dir);
    config_.plugins.health_check_timeout = std::chrono::milliseconds(integer("plugins.health_check_timeout_ms"));
    config_.semantic_search.enabled = boolean("semantic_search.enabled");
    config_.semantic_search.hnsw_threshold = static_cast<std::size_t>(integer("semantic_search.hnsw_threshold"));
    config_.semantic_search.hnsw_m = static_cast<std::size_t>(integer("semantic_search.hnsw_m"));
    config_.semantic_search.hnsw_ef_construction =
        static_cast<std::size_t>(integer("semantic_search.hnsw_ef_construction"));
    config_.semantic_search.hnsw_ef_search = static_cast<std::size_t>(integer("semantic_search.hnsw_ef_search"));
    config_.embedding_switch.automatic_cutover = text("embedding.cutover") == "auto";
    config_.embedding_switch.rollback_window = std::chrono::seconds(integer("embedding.rollback_window_seconds"));
    config_.embedding_switch.migration_share = number("embedding.migration_share");
    config_.indexing.chunk_tokens = static_cast<std::uint32_t>(integer("indexing.chunk_tokens"));
    config_.indexing.chunk_overlap_tokens = static_cast<std::uint32_t>(integer("indexing.chunk_overlap_tokens"));
    config_.indexing.change_feed_poll = std::chrono::milliseconds(integer("indexing.change_feed_poll_ms"));
    config_.indexing.change_feed_lag_warn = std::chrono::milliseconds(integer("indexing.change_feed_lag_warn_ms"));
    config_.queue_enabled = boolean("queue.enabled");

    auto& mcp = config_.mcp;
    mcp.enabled = boolean("mcp.enabled");
    mcp.allowed_hosts = split(text("mcp.allowed_hosts"), ',');
    mcp.allowed_origins = split(text("mcp.allowed_origins"), ',');
    mcp.session_idle = std::chrono::milliseconds(integer("mcp.session_idle_ms"));
    mcp.session_ttl = std::chrono::milliseconds(integer("mcp.session_ttl_ms"));
    mcp.max_sessions = static_cast<std::uint32_t>(integer("mcp.max_sessions"));
    mcp.max_sessions_per_token = static_cast<std::uint32_t>(integer("mcp.max_sessions_per_token"));
    mcp.rate_limit_window = std::chrono::milliseconds(integer("mcp.rate_limit_window_ms"));
    mcp.rate_limit_max_requests = static_cast<std::uint32_t>(integer("mcp.rate_limit_max_requests"));
    mcp.rate_limit_initialize = static_cast<std::uint32_t>(integer("mcp.rate_limit_initialize"));
    mcp.multi_search_limit = static_cast<std::uint32_t>(integer("mcp.multi_search_limit"));
  }

  void fill_masked() {
    for (const auto& [key, file_value] : raw_.masked_file_values()) {
      const auto* winner = raw_.find(key);
      config_.masked.push_back(MaskedSetting{key, file_value.origin, winner ? winner->origin.variable : "",
                                             sha256_hex(file_value.text), !winner || winner->text != file_value.text});
    }
  }

  const RawSettings& raw_;
  const PluginSchemas& schemas_;
  const BuildContext& context_;
  std::vector<std::string>& errors_;
  std::vector<std::string>& warnings_;
  Config config_;
  std::map<std::string, sdk::PluginConfig, std::less<>> core_;
};

}  // namespace

std::optional<Config> build_config(const RawSettings& raw, const PluginSchemas& schemas, const BuildContext& context,
                                   std::vector<std::string>& errors, std::vector<std::string>& warnings) {
  return Builder(raw, schemas, context, errors, warnings).build();
}

std::filesystem::path resolve_path(const RawValue& value, const BuildContext& context) {
  return resolve(value.text, value.origin, context);
}

std::vector<std::filesystem::path> resolve_path_list(const RawValue& value, const BuildContext& context) {
  std::vector<std::filesystem::path> out;
  for (const auto& item : split(value.text, ':')) out.push_back(resolve(item, value.origin, context));
  return out;
}

}  // namespace vellum::config
