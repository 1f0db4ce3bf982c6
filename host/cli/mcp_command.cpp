// vellum mcp: the MCP server over stdio, for agents that start Vellum as a subprocess. The same
// catalogue as /mcp, over the same services, on the configured database; stdout carries protocol
// messages only, every log line goes to stderr.
#include <csignal>
#include <filesystem>
#include <iostream>
#include <optional>
#include <ostream>

#include <spdlog/spdlog.h>
#include <unistd.h>

#include "articles/article_service.hpp"
#include "cli/app_config.hpp"
#include "common/crypto.hpp"
#include "http/auth.hpp"
#include "http/auth_admin_token.hpp"
#include "indexing/embedding_pipeline.hpp"
#include "mcp/stdio_transport.hpp"
#include "mcp/vellum_catalogue.hpp"
#include "plugins/host_services.hpp"
#include "plugins/hot_swap.hpp"
#include "search/index_registry.hpp"
#include "search/search_service.hpp"
#include "vellum/sdk/private_files.hpp"

namespace vellum::cli {

namespace {

constexpr const char* kTokenVariable = "VELLUM_MCP_TOKEN";

// Who the agent acts as. With VELLUM_MCP_TOKEN, that key (or the admin token) and its scope — the key
// is checked exactly as /mcp checks it. Without, the local operator, who can open the database file
// anyway: write scope, or read-only with --read-only; writes are recorded as --as NAME (default "mcp").
sdk::Result<http::Caller> stdio_caller(CommandContext& context, const config::Config& config,
                                       const plugins::RuntimeHolder& holder) {
  const auto token = context.environment.find(kTokenVariable);
  if (token == context.environment.end() || token->second.empty()) {
    http::Caller caller;
    caller.kind = context.args.flag("read-only") ? http::Caller::Kind::api_key : http::Caller::Kind::admin;
    caller.name = context.args.value("as").value_or("mcp");
    caller.scope = context.args.flag("read-only") ? "read-only" : "write";
    return caller;
  }
  std::string admin_token;
  if (auto admin = http::find_admin_token(config.auth, config.data_dir)) {
    admin_token = admin->token;
  } else if (config.auth.token || config.auth.token_file) {
    return admin.error();
  }
  // An empty admin token matches nothing: only API keys are accepted then.
  http::Authenticator auth(admin_token.empty() ? random_hex(32) : admin_token, holder);
  http::Request request;
  request.headers.set("Authorization", "Bearer " + token->second);
  auto caller = auth.authenticate(request);
  if (!caller) return caller.error();
  if (!caller->authenticated()) {
    return sdk::Error(sdk::ErrorKind::unauthenticated, std::string(kTokenVariable) + " is not a valid token");
  }
  if (context.args.flag("read-only")) caller->scope = "read-only";
  return caller;
}

// Without a configuration file, an agent started in some directory would get a new, empty SQLite
// database there instead of the knowledge store it was meant to use: refuse, and say how to point it.
std::optional<std::string> would_start_empty(const plugins::LoadedConfig& loaded, const config::Config& config) {
  if (loaded.source.file || config.storage.plugin != "sqlite") return std::nullopt;
  std::filesystem::path database = config.storage.settings.get_string("path", "vellum.db");
  if (database.is_relative()) database = config.data_dir / database;
  if (std::filesystem::exists(database)) return std::nullopt;
  return "no configuration file (--config, or vellum.yaml in " + std::filesystem::current_path().string() +
         ") and no database at " + database.string() +
         ": this would start an empty knowledge store here. Pass --config with the server's vellum.yaml "
         "(or run from its directory)";
}

int serve_mcp(CommandContext& context) {
  // A client that goes away mid-answer must not kill us with SIGPIPE; the write just fails.
  std::signal(SIGPIPE, SIG_IGN);
  auto loaded = load_config_and_plugins(context);
  if (!loaded.report.ok()) return report_config_errors(loaded.report, context.err);
  const config::Config config = *loaded.report.config;
  setup_logging_for(config, context);
  for (const auto& warning : config.warnings) spdlog::warn("{}", warning);
  if (auto empty = would_start_empty(loaded, config)) {
    context.err << "vellum: " << *empty << "\n";
    return kExitFailure;
  }

  if (auto made = sdk::make_private_directories(config.data_dir); !made) {
    context.err << "vellum: cannot create the data directory: " << made.error().message << "\n";
    return kExitFailure;
  }
  plugins::HostServices host(config.data_dir.string());
  plugins::RuntimeManager manager(host);
  if (auto applied = manager.apply(runtime_spec(config), loaded.catalog); !applied) {
    context.err << "vellum: cannot start: " << applied.error().message << "\n";
    return kExitFailure;
  }
  auto caller = stdio_caller(context, config, manager.holder());
  if (!caller) {
    context.err << "vellum: " << caller.error().message << "\n";
    manager.stop_queue();
    return kExitFailure;
  }

  articles::ArticleService articles(manager.holder(), {config.semantic_search.enabled});
  search::IndexRegistry indexes(vector_index_options(config));
  indexing::EmbeddingPipeline pipeline(manager.holder(), indexes,
                                       {config.indexing.chunk_tokens, config.indexing.chunk_overlap_tokens},
                                       "mcp-stdio-" + std::to_string(::getpid()));
  search::SearchService search(manager.holder(), indexes, host.metrics());
  const mcp::ToolServices services{manager.holder(), articles, &search, config.semantic_search.enabled,
                                   config.mcp.multi_search_limit};
  mcp::Dispatcher dispatcher(mcp::vellum_catalogue(services), mcp::vellum_dispatcher_options());
  spdlog::info("vellum {} MCP server on stdio (storage: {}; acting as {}, scope {})", VELLUM_VERSION,
               manager.current()->storage.choice.plugin, caller->name, caller->scope);
  mcp::serve_stdio(dispatcher, *caller, std::cin, std::cout);
  manager.stop_queue();
  spdlog::info("stdin closed: stopped");
  return kExitOk;
}

}  // namespace

void register_mcp_command(CommandSet& commands) {
  commands.add({{"mcp"},
                "serve MCP over stdio (newline-delimited JSON-RPC) for agents that run vellum as a subprocess",
                "usage: vellum mcp [--config FILE] [--read-only] [--as NAME] [--log-level L] [--log-format F]\n\n"
                "Speaks the Model Context Protocol on stdin/stdout until stdin closes; logs go to stderr.\n"
                "Offers the same tools and resources as /mcp on `vellum serve`, on the configured database.\n"
                "Identity: with VELLUM_MCP_TOKEN set, that API key (or the admin token) and its scope;\n"
                "otherwise the local operator with write scope, writes recorded as --as NAME (default \"mcp\").\n"
                "--read-only hides and refuses the write tools either way.\n\n"
                "Example client entry (Claude Desktop and others):\n"
                "  {\"command\": \"vellum\", \"args\": [\"mcp\", \"--config\", \"/etc/vellum/vellum.yaml\"]}\n\n"
                "exit codes: 0 stdin closed, 1 could not start (configuration, database, bad token), 2 wrong usage\n",
                {{"as"}, {"read-only"}},
                serve_mcp});
}

}  // namespace vellum::cli
