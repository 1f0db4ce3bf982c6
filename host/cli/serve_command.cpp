// vellum serve: load the configuration and plugins, build the runtime, serve HTTP until SIGTERM or
// SIGINT, and re-read the configuration on SIGHUP (changed slots are rebuilt, checked and swapped).
#include <csignal>
#include <filesystem>
#include <ostream>

#include <pthread.h>
#include <unistd.h>

#include <cstdio>
#include <spdlog/spdlog.h>

#include "api/api_server.hpp"
#include "api/embedding_set_routes.hpp"
#include "api/metrics_routes.hpp"
#include "api/queue_routes.hpp"
#include "api/search_routes.hpp"
#include "cli/app_config.hpp"
#include "common/crypto.hpp"
#include "common/logging.hpp"
#include "config/config_diff.hpp"
#include "config/value_parsing.hpp"
#include "embeddings/switch_coordinator.hpp"
#include "http/auth_admin_token.hpp"
#include "mcp/mcp_routes.hpp"
#include "plugins/host_services.hpp"
#include "plugins/hot_swap.hpp"
#include "search/change_feed_follower.hpp"
#include "search/search_service.hpp"
#include "vellum/sdk/private_files.hpp"

namespace vellum::cli {

namespace {

// "host:pid:random": unique per process, readable in `vellum queue status` and the tasks' claimed_by.
std::string worker_identity() {
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) != 0) std::snprintf(host, sizeof host, "unknown");
  return std::string(host) + ":" + std::to_string(getpid()) + ":" + random_hex(3);
}

sigset_t handled_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  return set;
}

// SIGHUP: re-read everything; apply what changed; keep the old runtime on any error.
void reload(CommandContext& context, config::Config& current, plugins::RuntimeManager& manager) {
  spdlog::info("SIGHUP: reloading configuration");
  auto loaded = load_config_and_plugins(context);
  if (!loaded.report.ok()) {
    for (const auto& error : loaded.report.errors) spdlog::error("reload refused: {}", error);
    return;
  }
  config::Config next = *loaded.report.config;
  for (const auto& warning : next.warnings) spdlog::warn("{}", warning);
  const auto changes = config::diff(current, next);
  if (changes.empty()) {
    spdlog::info("configuration unchanged");
    return;
  }
  spdlog::info("configuration changes: {}", config::describe(changes));
  if (auto applied = manager.apply(runtime_spec(next), loaded.catalog); !applied) return;  // logged by apply
  if (next.log.level != current.log.level) {
    static constexpr const char* kLevels[] = {"trace", "debug", "info", "warn", "error"};
    set_log_level(kLevels[static_cast<int>(next.log.level)]);
  }
  if (next.server.host != current.server.host || next.server.port != current.server.port ||
      next.server.threads != current.server.threads || next.server.cors_origins != current.server.cors_origins ||
      next.server.trusted_proxies != current.server.trusted_proxies ||
      next.server.rate_limit_window != current.server.rate_limit_window ||
      next.server.rate_limit_general != current.server.rate_limit_general ||
      next.server.rate_limit_expensive != current.server.rate_limit_expensive ||
      next.server.rate_limit_public != current.server.rate_limit_public) {
    spdlog::warn("server settings (host, port, threads, CORS, proxies, rate limits) take effect after a restart");
  }
  const auto& ns = next.semantic_search;
  const auto& cs = current.semantic_search;
  if (ns.hnsw_threshold != cs.hnsw_threshold || ns.hnsw_m != cs.hnsw_m ||
      ns.hnsw_ef_construction != cs.hnsw_ef_construction || ns.hnsw_ef_search != cs.hnsw_ef_search) {
    spdlog::warn("semantic_search.hnsw_* take effect after a restart (the vector index is built at load)");
  }
  if (next.auth.token != current.auth.token || next.auth.token_file != current.auth.token_file) {
    spdlog::warn("the admin token takes effect after a restart");
  }
  current = std::move(next);
}

int serve(CommandContext& context) {
  const auto started_at = std::chrono::steady_clock::now();
  // Signals are taken synchronously by this thread only; every thread started later inherits the mask.
  const sigset_t signals = handled_signals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto loaded = load_config_and_plugins(context);
  if (!loaded.report.ok()) return report_config_errors(loaded.report, context.err);
  config::Config config = *loaded.report.config;
  if (auto port = context.args.value("port")) {
    auto parsed = config::parse_integer(*port);
    if (!parsed || *parsed < 0 || *parsed > 65535) {
      context.err << "vellum: --port expects 0 to 65535, got '" << *port << "'\n";
      return kExitUsage;
    }
    config.server.port = static_cast<std::uint16_t>(*parsed);
  }
  if (auto host = context.args.value("host")) config.server.host = *host;
  setup_logging_for(config, context);
  for (const auto& warning : config.warnings) spdlog::warn("{}", warning);

  if (auto made = sdk::make_private_directories(config.data_dir); !made) {
    spdlog::error("cannot create the data directory: {}", made.error().message);
    return kExitFailure;
  }

  // Never serve without authentication: a missing admin token is generated into the data directory.
  auto admin = http::resolve_admin_token(config.auth, config.data_dir);
  if (!admin) {
    context.err << "vellum: cannot start: admin token: " << admin.error().message << "\n";
    return kExitFailure;
  }
  if (admin->generated) {
    spdlog::warn("no admin token configured: generated one into {} (readable only by this user); set auth.token "
                 "or auth.token_file to choose your own",
                 admin->file.string());
  } else {
    spdlog::info("admin token from {}", admin->source);
  }

  plugins::HostServices host(config.data_dir.string());
  plugins::RuntimeManager manager(host);
  // The indexing pipeline exists before the runtime: queue strategies receive it as their QueueHost.
  search::IndexRegistry indexes(vector_index_options(config));
  indexing::EmbeddingPipeline pipeline(manager.holder(), indexes,
                                       {config.indexing.chunk_tokens, config.indexing.chunk_overlap_tokens},
                                       worker_identity());
  host.set_queue_host(&pipeline);
  search::SearchService search(manager.holder(), indexes);
  api::SearchServices search_services{search, pipeline, indexes, config.semantic_search.enabled};

  if (auto applied = manager.apply(runtime_spec(config), loaded.catalog); !applied) {
    context.err << "vellum: cannot start: " << applied.error().message << "\n";
    return kExitFailure;
  }

  // Other processes on the same database write chunks too; follow their writes into our indexes.
  search::ChangeFeedFollower follower(manager.holder(), indexes, config.indexing.change_feed_poll);
  follower.start();
  // Provider switches run to their end by themselves: fill the new set, cut over, keep the old one.
  embeddings::SwitchCoordinator coordinator(manager, pipeline);
  if (config.semantic_search.enabled) coordinator.start();

  // Queue administration reads the queue settings of the start-up configuration (heartbeat interval for
  // staleness, whether the system is enabled); a SIGHUP that changes them takes effect after a restart.
  api::QueueRouteServices queue_services{queue_admin::settings_view(config)};
  auto mcp_routes = mcp::http_routes(mcp::settings_from(config), &search);
  api::ApiServer server(api::settings_from(config, admin->token), manager.holder(),
                        [&](http::Router& router, api::ApiServices& services) {
                          api::register_search_routes(router, services, search_services);
                          api::register_queue_routes(router, services, queue_services);
                          api::register_embedding_set_routes(router, services, coordinator);
                          api::register_metrics_routes(router, services, queue_services.settings);
                          mcp_routes(router, services);
                        });
  if (auto listening = server.start(); !listening) {
    context.err << "vellum: cannot listen on " << config.server.host << ":" << config.server.port << ": "
                << listening.error().message << "\n";
    manager.stop_queue();
    return kExitFailure;
  }
  const auto runtime = manager.current();
  const auto startup_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started_at).count();
  spdlog::info("vellum {} listening on {}:{} (config: {}; storage: {}; embedding: {}; queue: {}) in {} ms",
               VELLUM_VERSION, config.server.host, server.port(), config.source_name(), runtime->storage.choice.plugin,
               runtime->embedding.choice.plugin,
               runtime->queue.choice.plugin.empty() ? "none" : runtime->queue.choice.plugin, startup_ms);

  for (;;) {
    int signal_number = 0;
    if (sigwait(&signals, &signal_number) != 0) continue;
    if (signal_number == SIGHUP) {
      reload(context, config, manager);
      coordinator.wake();
      continue;
    }
    spdlog::info("{}: shutting down, draining for up to {} s", signal_number == SIGTERM ? "SIGTERM" : "SIGINT",
                 config.server.shutdown_drain.count());
    break;
  }
  server.stop(std::chrono::duration_cast<std::chrono::milliseconds>(config.server.shutdown_drain));
  coordinator.stop();
  follower.stop();
  manager.stop_queue();
  spdlog::info("stopped");
  return kExitOk;
}

}  // namespace

void register_serve_command(CommandSet& commands) {
  commands.add({{"serve"},
                "run the HTTP server (REST API, /health) with the configured plugins",
                "usage: vellum serve [--config FILE] [--port N] [--host ADDRESS] [--log-level L] [--log-format F]\n\n"
                "Starts on the configuration (--config FILE, else ./vellum.yaml, else built-in defaults:\n"
                "SQLite in ./data, the local embedding provider, port 5000).\n"
                "Authentication: the admin token is auth.token (AUTH_TOKEN) or auth.token_file; with\n"
                "neither, one is generated at first start into <data_dir>/admin-token (mode 0600).\n"
                "Signals: SIGTERM/SIGINT drain in-flight requests and stop; SIGHUP re-reads the\n"
                "configuration and hot-swaps the changed plugins (the old ones stay on any failure).\n\n"
                "exit codes: 0 stopped cleanly, 1 could not start, 2 wrong usage\n",
                {{"port", "host"}, {}},
                serve});
}

}  // namespace vellum::cli
