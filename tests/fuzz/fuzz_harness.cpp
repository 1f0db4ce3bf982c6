#include "fuzz_harness.hpp"

#include <unistd.h>

#include <filesystem>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>

#include "api/routes.hpp"
#include "api/search_routes.hpp"
#include "config/plugin_settings.hpp"
#include "http/auth.hpp"
#include "http/rate_limit.hpp"
#include "indexing/embedding_pipeline.hpp"
#include "mcp/mcp_routes.hpp"
#include "mcp/stdio_transport.hpp"
#include "mcp/vellum_catalogue.hpp"
#include "plugins/host_services.hpp"
#include "plugins/hot_swap.hpp"
#include "search/search_service.hpp"

namespace vellum::fuzz {

namespace {

std::filesystem::path make_temp_dir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "vellum-fuzz-XXXXXX").string();
  if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
  return pattern;
}

plugins::SlotChoice choice(const plugins::PluginCatalog& catalog, sdk::Slot slot, const std::string& name,
                           const std::map<std::string, std::string>& settings) {
  auto library = catalog.find(slot, name);
  if (!library) throw std::runtime_error("plugin not found: " + name);
  std::map<std::string, config::SettingInput, std::less<>> given;
  for (const auto& [k, v] : settings) given[k] = {v, "fuzz"};
  auto built = config::build_plugin_config(std::string(sdk::to_string(slot)) + "." + name,
                                           library->manifest().options, given);
  if (!built) throw std::runtime_error(built.error().message);
  return {name, built.value()};
}

// MCP as `vellum serve` configures it, with the limits that would end a run early set out of reach:
// one fuzzing process opens far more sessions and sends far more requests than any client.
mcp::McpSettings mcp_settings() {
  mcp::McpSettings settings;
  settings.http.origins.allowed_hosts = {"localhost", "127.0.0.1"};
  settings.http.rate_limit_requests = 0;
  settings.http.rate_limit_initialize = 0;
  settings.http.sessions.max_total = 100'000;
  settings.http.sessions.max_per_token = 50'000;
  return settings;
}

}  // namespace

struct Harness {
  Harness()
      : dir(make_temp_dir()),
        host(dir.string()),
        catalog(plugins::PluginCatalog::scan({VELLUM_FUZZ_PLUGIN_DIR})),
        manager(host),
        pipeline(manager.holder(), indexes, {}, "fuzz"),
        search(manager.holder(), indexes, host.metrics()),
        articles(manager.holder(), {true}),
        auth(kAdminToken, manager.holder()),
        limiter(http::RateLimits{std::chrono::milliseconds(60'000), 0, 0, 0}),  // 0 = unlimited
        guard{auth, limiter, {}},
        imports(articles, dir / "import"),
        services{manager.holder(), articles, guard, imports, {true, false, std::chrono::milliseconds(30'000)}},
        search_services{search, pipeline, indexes, true},
        tools{manager.holder(), articles, &search, true, 10},
        stdio(mcp::vellum_catalogue(tools), mcp::vellum_dispatcher_options()) {
    plugins::RuntimeSpec spec;
    spec.storage = choice(catalog, sdk::Slot::storage, "sqlite", {{"path", "fuzz.db"}});
    spec.embedding = choice(catalog, sdk::Slot::embedding, "local", {});
    if (auto applied = manager.apply(spec, catalog); !applied) throw std::runtime_error(applied.error().message);
    const auto mcp_routes = mcp::http_routes(mcp_settings(), &search);
    api::register_routes(router, services, [this, &mcp_routes](http::Router& r, api::ApiServices& s) {
      api::register_search_routes(r, s, search_services);
      mcp_routes(r, s);
    });
  }

  std::filesystem::path dir;
  plugins::HostServices host;
  plugins::PluginCatalog catalog;
  plugins::RuntimeManager manager;
  search::IndexRegistry indexes;
  indexing::EmbeddingPipeline pipeline;
  search::SearchService search;
  articles::ArticleService articles;
  http::Authenticator auth;
  http::RateLimiter limiter;
  api::GuardContext guard;
  api::ImportJobs imports;
  api::ApiServices services;
  api::SearchServices search_services;
  http::Router router;
  mcp::ToolServices tools;
  mcp::Dispatcher stdio;
};

Harness& harness() {
  static Harness* instance = new Harness();
  return *instance;
}

http::Router& router(Harness& h) { return h.router; }

std::string run_stdio(Harness& h, const std::string& input) {
  http::Caller admin;
  admin.kind = http::Caller::Kind::admin;
  admin.name = "admin";
  admin.scope = "write";
  std::istringstream in(input);
  std::ostringstream out;
  mcp::serve_stdio(h.stdio, admin, in, out);
  return out.str();
}

void drain(http::Response& response) {
  if (!response.streaming()) return;
  std::string chunk;
  while (response.producer(chunk)) chunk.clear();
}

}  // namespace vellum::fuzz
