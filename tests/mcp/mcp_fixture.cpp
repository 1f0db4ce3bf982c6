#include "mcp_fixture.hpp"

#include <spdlog/spdlog.h>

#include "common/crypto.hpp"
#include "config/plugin_settings.hpp"
#include "conformance_fixtures.hpp"
#include "http/auth_tokens.hpp"
#include "mcp/vellum_catalogue.hpp"

namespace vellum::test {

McpFixture::McpFixture(McpFixtureOptions options) {
  host_ = std::make_unique<TestHostContext>(dir_.path().string());
  const std::string file = std::string(VELLUM_TEST_PLUGIN_DIR) + "/vellum-storage-sqlite.so";
  auto library = plugins::PluginLibrary::open(file);
  if (!library) throw std::runtime_error("loading " + file + ": " + library.error().message);
  library_ = library.value();
  const auto& manifest_options = library_->manifest().options;
  auto config = config::build_plugin_config("storage.sqlite", std::span<const sdk::ConfigOption>(manifest_options),
                                            {{"path", {(dir_.path() / "vellum.db").string(), "mcp fixture"}}});
  if (!config) throw std::runtime_error(config.error().message);
  auto backend = library_->create<sdk::Slot::storage>(config.value(), *host_);
  if (!backend) throw std::runtime_error(backend.error().message);
  backend_ = backend.value();
  auto runtime = std::make_shared<plugins::Runtime>();
  runtime->generation = 1;
  runtime->storage = {{"sqlite", config.value()}, backend_};
  holder_.publish(runtime);

  admin_token_ = "admin-" + random_hex(24);
  api::ApiSettings settings;
  settings.server.host = "127.0.0.1";
  settings.server.port = options.port;
  settings.server.threads = options.threads;
  settings.server.io_threads = 2;
  settings.server.read_timeout = std::chrono::seconds(5);
  settings.server.idle_timeout = std::chrono::seconds(30);
  settings.admin_token = admin_token_;
  settings.limits = options.api_limits;
  settings.semantic_search_enabled = false;
  settings.import_dir = dir_.path() / "import";

  // The same composition as mcp::http_routes, with the test's catalogue and options.
  auto extra = [this, options](http::Router& router, api::ApiServices& services) {
    const mcp::ToolServices tools{services.runtime, services.articles, nullptr, false, 10};
    mcp::Catalogue catalogue = mcp::vellum_catalogue(tools);
    if (options.conformance_fixtures) add_conformance_fixtures(catalogue);
    auto dispatcher_options = mcp::vellum_dispatcher_options();
    dispatcher_options.page_size = options.page_size;
    endpoint_ = std::make_shared<mcp::HttpEndpoint>(std::move(catalogue), std::move(dispatcher_options),
                                                    services.guard, options.http);
    if (!options.anonymous_is_admin) return mcp::mount(router, endpoint_);
    auto handler = [endpoint = endpoint_, token = admin_token_](const http::Request& request) {
      if (request.header("Authorization")) return endpoint->handle(request);
      http::Request with_token = request;
      with_token.headers.set("Authorization", "Bearer " + token);
      return endpoint->handle(with_token);
    };
    for (const char* method : {"POST", "GET", "DELETE"}) router.add(method, "/mcp", handler);
  };
  server_ = std::make_unique<api::ApiServer>(settings, holder_, extra);
  if (auto started = server_->start(); !started) throw std::runtime_error(started.error().message);
}

McpFixture::~McpFixture() {
  server_.reset();  // joins the handler threads before the endpoint and the backend go
  endpoint_.reset();
}

std::string McpFixture::create_key(const std::string& name, const std::string& scope) {
  auto created = http::create_token(*backend_, name, scope);
  if (!created) throw std::runtime_error(created.error().message);
  return created->secret;
}

}  // namespace vellum::test
