// Credential guessing at /mcp, over real HTTP: failed bearer tokens are counted per address, in the
// same budget as REST's (429).
#include <catch2/catch.hpp>

#include "mcp_client.hpp"
#include "mcp_fixture.hpp"

using namespace vellum;
using namespace vellum::test;

TEST_CASE("failed bearer tokens on /mcp are limited per address, in the budget REST uses (429)") {
  McpFixtureOptions options;
  options.api_limits.general = 3;
  McpFixture server(options);
  for (int i = 0; i < 3; ++i) {
    McpClient guess(server.port(), "sk-md-" + std::string(64, static_cast<char>('a' + i)));
    CHECK(guess.initialize().status == 401);
  }
  McpClient guess(server.port(), "sk-md-" + std::string(64, 'z'));
  auto refused = guess.initialize();
  INFO(refused.body);
  CHECK(refused.status == 429);
  CHECK_FALSE(refused.retry_after.empty());
  // One budget per address: REST's guard refuses the next guess from this address too.
  auto rest = guess.http().get("/api/articles", {{"Authorization", "Bearer sk-md-" + std::string(64, 'y')}});
  CHECK(rest.status == 429);
  // A valid token is limited by its own budget, not the address's.
  McpClient admin(server.port(), server.admin_token());
  CHECK(admin.initialize().status == 200);
}
