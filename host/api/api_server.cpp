#include "api/api_server.hpp"

#include "api/provider_lane.hpp"
#include "http/auth.hpp"
#include "http/security_headers.hpp"
#include "http/server.hpp"
#include "queue_admin/queue_settings.hpp"

namespace vellum::api {

// Declaration order is construction order: everything a handler touches exists before the server
// and outlives it (the server is destroyed, and its threads joined, first).
struct ApiServer::Parts {
  Parts(ApiSettings s, const plugins::RuntimeHolder& runtime, const ExtraRoutes& extra)
      : settings(std::move(s)),
        articles(runtime, {settings.semantic_search_enabled}),
        auth(settings.admin_token, runtime),
        limiter(settings.limits),
        guard{auth, limiter, settings.trusted_proxies},
        imports(articles, settings.import_dir),
        services{runtime, articles, guard, imports,
                 {settings.semantic_search_enabled, settings.queue_enabled, settings.heartbeat_interval,
                  settings.reloads, settings.mcp_enabled, settings.metrics, settings.follower}},
        cors(settings.cors_origins) {
    register_routes(router, services, extra);
    settings.server.may_wait_on_provider = [&runtime](const http::Request& request) {
      return may_wait_on_provider(request, runtime);
    };
    server = std::make_unique<http::Server>(
        settings.server,
        [this](http::Request& request) {
          if (auto preflight = cors.preflight(request)) return std::move(*preflight);
          return router.handle(request);
        },
        http::make_response_hook(cors));
  }

  ApiSettings settings;
  articles::ArticleService articles;
  http::Authenticator auth;
  http::RateLimiter limiter;
  GuardContext guard;
  ImportJobs imports;
  ApiServices services;
  http::Cors cors;
  http::Router router;
  std::unique_ptr<http::Server> server;
};

ApiSettings settings_from(const config::Config& config, std::string admin_token) {
  ApiSettings settings;
  settings.server.host = config.server.host;
  settings.server.port = config.server.port;
  settings.server.threads = config.server.threads;
  settings.server.max_body_bytes = config.server.max_body_bytes;
  settings.server.max_header_bytes = config.server.max_header_bytes;
  settings.server.max_url_length = config.server.max_url_bytes;
  settings.server.read_timeout = config.server.read_timeout;
  settings.server.idle_timeout = config.server.idle_timeout;
  settings.server.header_timeout = config.server.header_timeout;
  settings.server.max_connections = config.server.max_connections;
  settings.server.max_connections_per_address = config.server.max_connections_per_address;
  settings.admin_token = std::move(admin_token);
  settings.cors_origins = config.server.cors_origins;
  settings.trusted_proxies = config.server.trusted_proxies;
  settings.limits = {config.server.rate_limit_window, config.server.rate_limit_general,
                     config.server.rate_limit_expensive, config.server.rate_limit_public};
  settings.semantic_search_enabled = config.semantic_search.enabled;
  settings.queue_enabled = config.queue_enabled;
  settings.mcp_enabled = config.mcp.enabled;
  settings.heartbeat_interval = queue_admin::settings_view(config).heartbeat_interval;
  settings.import_dir = config.import_dir;
  return settings;
}

ApiServer::ApiServer(ApiSettings settings, const plugins::RuntimeHolder& runtime, ExtraRoutes extra_routes)
    : parts_(std::make_unique<Parts>(std::move(settings), runtime, extra_routes)) {}

ApiServer::~ApiServer() {
  if (parts_) parts_->server->stop(std::chrono::milliseconds(0));
}

sdk::Status ApiServer::start() {
  if (parts_->settings.admin_token.empty()) {
    return sdk::Error(sdk::ErrorKind::invalid_argument, "refusing to serve without an admin token");
  }
  return parts_->server->start();
}

std::uint16_t ApiServer::port() const noexcept { return parts_->server->port(); }

void ApiServer::stop(std::chrono::milliseconds drain_deadline) { parts_->server->stop(drain_deadline); }

articles::ArticleService& ApiServer::articles() noexcept { return parts_->articles; }

}  // namespace vellum::api
