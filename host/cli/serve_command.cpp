// vellum serve: load the configuration and plugins, build the runtime, serve HTTP until SIGTERM or
// SIGINT, and re-read the configuration on SIGHUP (changed slots are rebuilt, checked and swapped).
#include <csignal>
#include <filesystem>
#include <ostream>

#include <pthread.h>
#include <spdlog/spdlog.h>

#include "api/health_handler.hpp"
#include "cli/app_config.hpp"
#include "common/logging.hpp"
#include "config/config_diff.hpp"
#include "config/value_parsing.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "plugins/host_services.hpp"
#include "plugins/hot_swap.hpp"

namespace vellum::cli {

namespace {

sigset_t handled_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  return set;
}

http::ServerOptions server_options(const config::Config& config) {
  http::ServerOptions options;
  options.host = config.server.host;
  options.port = config.server.port;
  options.threads = config.server.threads;
  options.max_body_bytes = config.server.max_body_bytes;
  options.max_header_bytes = config.server.max_header_bytes;
  options.max_url_length = config.server.max_url_bytes;
  options.read_timeout = config.server.read_timeout;
  options.idle_timeout = config.server.idle_timeout;
  return options;
}

http::Router make_router(const plugins::RuntimeHolder& runtime) {
  http::Router router;
  router.add("GET", "/health", [&runtime](const http::Request&) { return api::health(runtime); });
  return router;
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
      next.server.threads != current.server.threads) {
    spdlog::warn("server.host, server.port and server.threads take effect after a restart");
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

  std::error_code dir_error;
  std::filesystem::create_directories(config.data_dir, dir_error);
  if (dir_error) {
    spdlog::error("cannot create data directory {}: {}", config.data_dir.string(), dir_error.message());
    return kExitFailure;
  }

  plugins::HostServices host(config.data_dir.string());
  plugins::RuntimeManager manager(host);
  if (auto applied = manager.apply(runtime_spec(config), loaded.catalog); !applied) {
    context.err << "vellum: cannot start: " << applied.error().message << "\n";
    return kExitFailure;
  }

  const http::Router router = make_router(manager.holder());
  http::Server server(server_options(config), [&router](http::Request& request) { return router.handle(request); });
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
      continue;
    }
    spdlog::info("{}: shutting down, draining for up to {} s", signal_number == SIGTERM ? "SIGTERM" : "SIGINT",
                 config.server.shutdown_drain.count());
    break;
  }
  server.stop(std::chrono::duration_cast<std::chrono::milliseconds>(config.server.shutdown_drain));
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
                "Signals: SIGTERM/SIGINT drain in-flight requests and stop; SIGHUP re-reads the\n"
                "configuration and hot-swaps the changed plugins (the old ones stay on any failure).\n\n"
                "exit codes: 0 stopped cleanly, 1 could not start, 2 wrong usage\n",
                {{"port", "host"}, {}},
                serve});
}

}  // namespace vellum::cli
