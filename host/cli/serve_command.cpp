// vellum serve: load the configuration and plugins, build the runtime, serve HTTP until SIGTERM or
// SIGINT, and re-read the configuration on SIGHUP or POST /api/admin/reload (reload/reloader.hpp:
// changed slots are rebuilt, checked and swapped). When the file's plugins cannot be built it starts
// on the last good copy instead (serve_start.hpp).
#include <csignal>
#include <filesystem>
#include <ostream>

#include <pthread.h>
#include <unistd.h>

#include <cstdio>
#include <spdlog/spdlog.h>

#include "api/admin_routes.hpp"
#include "api/api_server.hpp"
#include "api/embedding_set_routes.hpp"
#include "api/metrics_routes.hpp"
#include "api/queue_routes.hpp"
#include "api/search_routes.hpp"
#include "cli/app_config.hpp"
#include "cli/pid_file.hpp"
#include "cli/serve_start.hpp"
#include "cli/server_address.hpp"
#include "cli/service_watchdog.hpp"
#include "common/crypto.hpp"
#include "common/logging.hpp"
#include "common/service_notify.hpp"
#include "config/value_parsing.hpp"
#include "console/console_routes.hpp"
#include "embeddings/switch_coordinator.hpp"
#include "http/auth_admin_token.hpp"
#include "mcp/mcp_routes.hpp"
#include "plugins/host_services.hpp"
#include "plugins/hot_swap.hpp"
#include "reload/reloader.hpp"
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

// Why the first start failed: the file's runtime was refused (reasons), or something else (exit code).
struct RunResult {
  int exit_code = kExitOk;
  std::vector<std::string> refused;  // set when the runtime could not be built from the plan's configuration
};

std::string joined(const std::vector<std::string>& reasons) {
  std::string out;
  for (const auto& reason : reasons) out += (out.empty() ? "" : "; ") + reason;
  return out;
}

// Serves on `plan` until SIGTERM or SIGINT; SIGHUP reloads. Returns before listening, with the
// reasons, when the plan's runtime cannot be built.
RunResult run_server(CommandContext& context, const StartPlan& plan, const ServeOverrides& overrides,
                     const sigset_t& signals, std::chrono::steady_clock::time_point started_at) {
  const config::Config& config = *plan.loaded.report.config;
  setup_logging_for(config, context);
  for (const auto& warning : config.warnings) spdlog::warn("{}", warning);

  if (auto made = sdk::make_private_directories(config.data_dir); !made) {
    spdlog::error("cannot create the data directory: {}", made.error().message);
    return {kExitFailure, {}};
  }

  // Never serve without authentication: a missing admin token is generated into the data directory.
  auto admin = http::resolve_admin_token(config.auth, config.data_dir);
  if (!admin) {
    context.err << "vellum: cannot start: admin token: " << admin.error().message << "\n";
    return {kExitFailure, {}};
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
  search::SearchService search(manager.holder(), indexes, host.metrics());
  api::SearchServices search_services{search, pipeline, indexes, config.semantic_search.enabled};

  plugins::BuildReport report;
  if (auto applied = manager.apply(runtime_spec(config), plan.loaded.catalog, &report); !applied) {
    return {kExitFailure, report.failures.empty() ? std::vector<std::string>{applied.error().message}
                                                  : report.failures};
  }
  reload::ReloadRecord record;
  record.set_running(reload::running_config(plan.loaded, plan.refused.has_value()));
  if (plan.refused) {
    auto refused = *plan.refused;
    refused.generation = manager.current()->generation;
    record.record(std::move(refused));
    announce_last_good(plan);
  } else {
    reload::keep_last_good(plan.loaded, config.data_dir);
  }
  reload::Reloader reloader(
      [&context, &overrides] {
        auto loaded = load_config_and_plugins(context);
        overrides.apply(loaded);
        return loaded;
      },
      manager, record, config, config.data_dir);

  // Other processes on the same database write chunks too; follow their writes into our indexes.
  search::ChangeFeedFollower follower(manager.holder(), indexes, config.indexing.change_feed_poll);
  follower.report_to(host.metrics(), config.indexing.change_feed_lag_warn);
  follower.start();
  // Provider switches run to their end by themselves: fill the new set, cut over, keep the old one.
  embeddings::SwitchCoordinator coordinator(manager, pipeline);
  if (config.semantic_search.enabled) coordinator.start();
  reloader.on_applied([&coordinator] { coordinator.wake(); });

  // Queue administration reads the queue settings of the start-up configuration (heartbeat interval for
  // staleness, whether the system is enabled); a reload that changes them takes effect after a restart.
  api::QueueRouteServices queue_services{queue_admin::settings_view(config)};
  auto mcp_routes = mcp::http_routes(mcp::settings_from(config), &search);
  auto settings = api::settings_from(config, admin->token);
  settings.reloads = &record;
  settings.metrics = &host.metrics();
  settings.follower = &follower;
  api::ApiServer server(std::move(settings), manager.holder(), [&](http::Router& router, api::ApiServices& services) {
    api::register_search_routes(router, services, search_services);
    api::register_queue_routes(router, services, queue_services);
    api::register_embedding_set_routes(router, services, coordinator);
    api::register_metrics_routes(router, services, queue_services.settings, &record, config.data_dir, &host.metrics());
    api::register_admin_routes(router, services, reloader, record);
    mcp_routes(router, services);
    if (config.server.console) console::register_console_routes(router);
  });
  if (auto listening = server.start(); !listening) {
    context.err << "vellum: cannot listen on " << config.server.host << ":" << config.server.port << ": "
                << listening.error().message << "\n";
    manager.stop_queue();
    return {kExitFailure, {}};
  }
  const auto url = local_url(config.server.host, server.port());
  publish_server_url(config.data_dir, url);
  write_pid_file(config.server.pid_file);
  const auto runtime = manager.current();
  const auto startup_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started_at).count();
  spdlog::info("vellum {} listening on {}:{} (config: {}; storage: {}; embedding: {}; queue: {}) in {} ms",
               VELLUM_VERSION, config.server.host, server.port(), config.source_name(), runtime->storage.choice.plugin,
               runtime->embedding.choice.plugin,
               runtime->queue.choice.plugin.empty() ? "none" : runtime->queue.choice.plugin, startup_ms);
  // Under systemd (Type=notify): started once we listen; keep-alives while /health answers.
  const auto notifier = ServiceNotifier::from_environment();
  const auto serving = [&] { return "listening on " + url + ", generation " + std::to_string(manager.current()->generation); };
  notifier.ready(serving());
  ServiceWatchdog watchdog(notifier);
  watchdog.start(url);

  int stop_signal = 0;
  while (stop_signal == 0) {
    int signal_number = 0;
    if (sigwait(&signals, &signal_number) != 0) continue;
    if (signal_number == SIGHUP) {
      notifier.reloading();
      const auto outcome = reloader.reload(reload::Trigger::signal);
      notifier.ready(serving() + ", last reload " + std::string(reload::to_string(outcome.outcome)));
    } else {
      stop_signal = signal_number;
    }
  }
  watchdog.stop();  // first: no keep-alive may follow STOPPING=1
  notifier.stopping();
  const auto drain = reloader.running().server.shutdown_drain;
  spdlog::info("{}: shutting down, draining for up to {} s", stop_signal == SIGTERM ? "SIGTERM" : "SIGINT",
               drain.count());
  server.stop(std::chrono::duration_cast<std::chrono::milliseconds>(drain));
  coordinator.stop();
  follower.stop();
  manager.stop_queue();
  withdraw_server_url(config.data_dir, url);
  remove_pid_file(config.server.pid_file);
  spdlog::info("stopped");
  return {kExitOk, {}};
}

int serve(CommandContext& context) {
  const auto started_at = std::chrono::steady_clock::now();
  // Signals are taken synchronously by this thread only; every thread started later inherits the mask.
  const sigset_t signals = handled_signals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  ServeOverrides overrides;
  if (auto port = context.args.value("port")) {
    auto parsed = config::parse_integer(*port);
    if (!parsed || *parsed < 0 || *parsed > 65535) {
      context.err << "vellum: --port expects 0 to 65535, got '" << *port << "'\n";
      return kExitUsage;
    }
    overrides.port = static_cast<std::uint16_t>(*parsed);
  }
  overrides.host = context.args.value("host");

  auto loaded = load_config_and_plugins(context);
  if (!loaded.report.ok()) return report_config_errors(loaded.report, context.err);
  overrides.apply(loaded);
  StartPlan plan{std::move(loaded), std::nullopt};
  auto first = run_server(context, plan, overrides, signals, started_at);
  if (first.refused.empty()) return first.exit_code;

  auto fallback = last_good_plan(context, plan.loaded, first.refused, overrides);
  if (!fallback) {
    context.err << "vellum: cannot start: " << joined(first.refused) << "\n";
    if (fallback.error().kind != sdk::ErrorKind::not_found) {
      context.err << "vellum: and not on the last good configuration either: " << fallback.error().message << "\n";
    }
    return kExitFailure;
  }
  auto second = run_server(context, fallback.value(), overrides, signals, started_at);
  if (second.refused.empty()) return second.exit_code;
  context.err << "vellum: cannot start: " << joined(first.refused) << "\n"
              << "vellum: nor on the last good configuration " << fallback->loaded.report.source_name << ": "
              << joined(second.refused) << "\n";
  return kExitFailure;
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
                "configuration and hot-swaps the changed plugins (the old ones stay on any failure), as\n"
                "`vellum reload` does, which also prints the outcome.\n"
                "When the file's plugins cannot be built (a provider that fails its health check) and an\n"
                "earlier version of the file was applied, serve starts on that last good copy\n"
                "(<data_dir>/last-good-config.yaml) with a loud warning; an invalid file is refused.\n\n"
                "exit codes: 0 stopped cleanly, 1 could not start, 2 wrong usage\n",
                {{"port", "host"}, {}},
                serve});
}

}  // namespace vellum::cli
