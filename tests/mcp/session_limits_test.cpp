// Session exhaustion and credential guessing at /mcp, over real HTTP: what one token (or one address)
// can do to everyone else, and what it now gets instead.
//   - at its own cap a token gives up its least recently used idle session, never another token's;
//   - tokens filling the whole store cannot lock a newcomer out: it takes a session of the token
//     holding the most, until every token holds about the same; only then 503;
//   - a token whose sessions are all busy is refused (429) rather than losing one mid-request;
//   - initialize is rate-limited per token (429, Retry-After);
//   - failed bearer tokens are counted per address, in the same budget as REST's (429).
#include <catch2/catch.hpp>
#include <thread>

#include "mcp_client.hpp"
#include "mcp_fixture.hpp"
#include "support/wait_until.hpp"

using namespace vellum;
using namespace vellum::test;

namespace {

long ping(McpClient& client) { return client.request("ping").status; }

}  // namespace

TEST_CASE("a token at its session cap evicts its own least recently used idle session, never another token's") {
  McpFixtureOptions options;
  options.http.sessions.max_total = 10;
  options.http.sessions.max_per_token = 2;
  McpFixture server(options);
  McpClient other(server.port(), server.create_key("other", "write"));
  REQUIRE(other.initialize().status == 200);  // the oldest session of all, but another token's
  McpClient first(server.port(), server.admin_token()), second(server.port(), server.admin_token()),
      third(server.port(), server.admin_token());
  REQUIRE(first.initialize().status == 200);
  REQUIRE(second.initialize().status == 200);
  REQUIRE(ping(first) == 200);  // now `second` is the admin's least recently used

  auto opened = third.initialize();
  INFO(opened.body);
  CHECK(opened.status == 200);
  CHECK(ping(second) == 404);
  CHECK(ping(first) == 200);
  CHECK(ping(third) == 200);
  CHECK(ping(other) == 200);
  CHECK(server.endpoint().sessions().size() == 3);
}

TEST_CASE("tokens filling every session cannot lock a newcomer out, shares even out, then 503") {
  McpFixtureOptions options;
  options.http.sessions.max_total = 4;
  options.http.sessions.max_per_token = 2;
  McpFixture server(options);
  const std::string key_a = server.create_key("a", "write"), key_b = server.create_key("b", "write");
  McpClient a1(server.port(), key_a), a2(server.port(), key_a), b1(server.port(), key_b), b2(server.port(), key_b);
  for (auto* client : {&a1, &a2, &b1, &b2}) REQUIRE(client->initialize().status == 200);
  REQUIRE(server.endpoint().sessions().size() == 4);

  // The admin holds nothing: the least recently used session of a token holding the most goes.
  McpClient admin(server.port(), server.admin_token());
  auto opened = admin.initialize();
  INFO(opened.body);
  REQUIRE(opened.status == 200);
  CHECK(ping(a1) == 404);
  for (auto* client : {&a2, &b1, &b2}) CHECK(ping(*client) == 200);

  // At the global cap, an opener that holds an idle session gives up its own first.
  McpClient admin_again(server.port(), server.admin_token());
  REQUIRE(admin_again.initialize().status == 200);
  CHECK(ping(admin) == 404);
  CHECK(ping(admin_again) == 200);

  // b holds 2, everyone else 1: a third key takes b's least recently used.
  McpClient c1(server.port(), server.create_key("c", "write"));
  REQUIRE(c1.initialize().status == 200);
  CHECK(ping(b1) == 404);
  CHECK(ping(b2) == 200);

  // Every token now holds one: evicting any would only swap who is left out.
  McpClient d1(server.port(), server.create_key("d", "write"));
  auto refused = d1.initialize();
  CHECK(refused.status == 503);
  for (auto* client : {&a2, &b2, &admin_again, &c1}) CHECK(ping(*client) == 200);
}

TEST_CASE("a token whose sessions are all busy is refused at its cap (429), then served once one ends") {
  McpFixtureOptions options;
  options.conformance_fixtures = true;  // test_sampling waits for the client's answer: a busy session
  options.http.sessions.max_total = 10;
  options.http.sessions.max_per_token = 1;
  McpFixture server(options);
  McpClient busy(server.port(), server.admin_token());
  REQUIRE(busy.initialize("2025-11-25", {{"sampling", mcp::json::object()}}).status == 200);
  const std::string id = busy.session_id();

  McpReply call;
  std::thread caller([&] {
    McpClient same(server.port(), server.admin_token());
    same.set_session_id(id);
    call = same.request("tools/call", {{"name", "test_sampling"}, {"arguments", {{"prompt", "wait"}}}});
  });
  const bool running = wait_until([&] {
    auto session = server.endpoint().sessions().find(id, std::chrono::steady_clock::now());
    return session && session->busy();
  });
  McpClient opener(server.port(), server.admin_token());
  auto refused = running ? opener.initialize() : McpReply{};
  CHECK(busy.end_session().status == 200);  // cancels the sampling call
  caller.join();
  REQUIRE(running);
  CHECK(refused.status == 429);
  CHECK(call.status == 200);
  CHECK(opener.initialize().status == 200);
}

TEST_CASE("initialize is rate-limited per token (429 with Retry-After)") {
  McpFixtureOptions options;
  options.http.rate_limit_initialize = 3;
  McpFixture server(options);
  for (int i = 0; i < 3; ++i) {
    McpClient client(server.port(), server.admin_token());
    REQUIRE(client.initialize().status == 200);
  }
  McpClient limited(server.port(), server.admin_token());
  auto refused = limited.initialize();
  INFO(refused.body);
  CHECK(refused.status == 429);
  CHECK(refused.session_id.empty());
  CHECK(std::stoi(refused.retry_after.empty() ? "0" : refused.retry_after) >= 1);
  CHECK(server.endpoint().sessions().size() == 3);

  McpClient another_token(server.port(), server.create_key("agent", "write"));
  CHECK(another_token.initialize().status == 200);
}

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
