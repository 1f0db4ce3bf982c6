// The whole HTTP face of Vellum in one object: article service, authentication, rate limits, import
// jobs, routes, security-headers hook and the Beast server. `vellum serve` and the API tests start
// exactly this (tests on port 0 against a SQLite file in a temporary directory).
//
//   api::ApiServer server(api::settings_from(config, admin.token), manager.holder());
//   if (auto started = server.start(); !started) ...;
//   ... server.port() ...
//   server.stop(std::chrono::seconds(10));
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "api/routes.hpp"
#include "config/config.hpp"
#include "http/rate_limit.hpp"
#include "http/server_options.hpp"
#include "plugins/runtime.hpp"
#include "reload/reload_record.hpp"

namespace vellum::api {

struct ApiSettings {
  http::ServerOptions server;
  std::string admin_token;  // required: without one nothing but public routes could ever be used
  std::vector<std::string> cors_origins;
  std::vector<std::string> trusted_proxies;
  http::RateLimits limits;
  bool semantic_search_enabled = true;
  bool queue_enabled = false;
  bool mcp_enabled = false;  // /mcp is served (mcp.enabled); the admin /health says so
  std::chrono::milliseconds heartbeat_interval{30000};  // /health calls a worker Stale after twice this
  std::filesystem::path import_dir;  // what /api/import/* reads (config import_dir)
  const reload::ReloadRecord* reloads = nullptr;  // shown by the admin /health when set
  metrics::Registry* metrics = nullptr;           // listed by the admin /health when set
  search::ChangeFeedFollower* follower = nullptr;  // its lag shown by the admin /health when set
};

[[nodiscard]] ApiSettings settings_from(const config::Config& config, std::string admin_token);

class ApiServer {
 public:
  ApiServer(ApiSettings settings, const plugins::RuntimeHolder& runtime, ExtraRoutes extra_routes = {});
  ~ApiServer();
  ApiServer(const ApiServer&) = delete;
  ApiServer& operator=(const ApiServer&) = delete;

  [[nodiscard]] sdk::Status start();
  [[nodiscard]] std::uint16_t port() const noexcept;
  void stop(std::chrono::milliseconds drain_deadline = std::chrono::seconds(10));

  [[nodiscard]] articles::ArticleService& articles() noexcept;

 private:
  struct Parts;
  std::unique_ptr<Parts> parts_;
};

}  // namespace vellum::api
