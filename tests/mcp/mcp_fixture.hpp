// An MCP server as `vellum serve` runs it — api::ApiServer over the real SQLite plugin with /mcp
// mounted through the ExtraRoutes hook — on an ephemeral loopback port, with knobs for the limits
// tests need to reach quickly, and optionally the conformance fixtures in the catalogue.
//
//   McpFixture server;
//   McpClient client(server.port(), server.admin_token());
//   auto init = client.initialize();
#pragma once

#include <memory>
#include <string>

#include "api/api_server.hpp"
#include "mcp/http_endpoint.hpp"
#include "plugins/plugin_library.hpp"
#include "support/temp_dir.hpp"
#include "support/test_host_context.hpp"

namespace vellum::test {

struct McpFixtureOptions {
  bool conformance_fixtures = false;
  // Requests without credentials act as the admin: the conformance suite cannot send a token. Only
  // the test server turns this on; the transport's own 401 path is tested with it off.
  bool anonymous_is_admin = false;
  mcp::HttpEndpointOptions http;
  // The REST API's limits, which /mcp shares for failed credentials; high enough not to matter by default.
  http::RateLimits api_limits{std::chrono::milliseconds(60'000), 1'000'000, 1'000'000, 1'000'000};
  std::size_t page_size = 100;
  std::uint16_t port = 0;
  unsigned threads = 4;
};

class McpFixture {
 public:
  explicit McpFixture(McpFixtureOptions options = {});
  ~McpFixture();

  [[nodiscard]] std::uint16_t port() const { return server_->port(); }
  [[nodiscard]] const std::string& admin_token() const { return admin_token_; }
  [[nodiscard]] sdk::StorageBackend& storage() { return *backend_; }
  [[nodiscard]] mcp::HttpEndpoint& endpoint() { return *endpoint_; }
  [[nodiscard]] const TempDir& dir() const { return dir_; }
  // Creates an API key directly in storage; returns the secret.
  std::string create_key(const std::string& name, const std::string& scope);

 private:
  TempDir dir_{"vellum-mcp"};
  std::unique_ptr<TestHostContext> host_;
  plugins::LibraryPtr library_;
  sdk::BackendPtr backend_;
  plugins::RuntimeHolder holder_;
  std::string admin_token_;
  std::shared_ptr<mcp::HttpEndpoint> endpoint_;
  std::unique_ptr<api::ApiServer> server_;
};

}  // namespace vellum::test
