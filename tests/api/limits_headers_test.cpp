// Abuse limits (separate budgets per route class and caller, 429 + Retry-After), security headers on
// every response, CORS only when configured, and the admin token that is never absent.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <fstream>
#include <set>

#include "api_fixture.hpp"
#include "http/auth_admin_token.hpp"
#include "support/temp_dir.hpp"

using vellum::test::ApiFixture;
using vellum::test::FixtureOptions;
using vellum::test::HttpClient;
using vellum::test::RawConnection;
using json = nlohmann::json;

namespace {

FixtureOptions limited() {
  FixtureOptions options;
  options.limits = {std::chrono::milliseconds(60'000), 5, 1, 2};
  return options;
}

void check_limited(const vellum::test::HttpResult& res) {
  REQUIRE(res.status == 429);
  CHECK(res.json()["error"] == "Rate limit exceeded");
  const auto retry = res.json()["retryAfter"].get<int>();
  CHECK(retry >= 1);
  CHECK(retry <= 60);
  CHECK(res.header("Retry-After") == std::to_string(retry));
}

}  // namespace

TEST_CASE("rate limits: per token and per class: a refused request is not counted") {
  ApiFixture api(limited());
  auto& c = api.client();
  const std::string key = api.create_key("k1", "write");  // admin: 1 of 5
  for (int i = 0; i < 4; ++i) CHECK(c.get("/api/articles", api.admin()).status == 200);
  check_limited(c.get("/api/articles", api.admin()));
  check_limited(c.get("/api/folders", api.admin()));
  // Another token has its own budget; public routes have their own class.
  for (int i = 0; i < 5; ++i) CHECK(c.get("/api/articles", ApiFixture::bearer(key)).status == 200);
  check_limited(c.get("/api/articles", ApiFixture::bearer(key)));
  CHECK(c.get("/health").status == 200);
}

TEST_CASE("rate limits: expensive routes have a small budget of their own") {
  ApiFixture api(limited());
  auto& c = api.client();
  CHECK(c.post("/api/import/validate", "", api.admin()).status == 404);  // no import directory
  check_limited(c.post("/api/import/validate", "", api.admin()));
  CHECK(c.get("/api/articles", api.admin()).status == 200);  // general budget left
}

TEST_CASE("rate limits: anonymous callers by socket address: X-Forwarded-For only from trusted proxies") {
  SECTION("untrusted: a forged X-Forwarded-For does not buy a fresh budget") {
    ApiFixture api(limited());
    auto& c = api.client();
    CHECK(c.get("/health", {{"X-Forwarded-For", "10.0.0.1"}}).status == 200);
    CHECK(c.get("/health", {{"X-Forwarded-For", "10.0.0.2"}}).status == 200);
    check_limited(c.get("/health", {{"X-Forwarded-For", "10.0.0.3"}}));
    check_limited(c.get("/api/public-articles/x"));
  }
  SECTION("trusted proxy: each forwarded client has its own budget") {
    FixtureOptions options = limited();
    options.trusted_proxies = {"127.0.0.1"};
    ApiFixture api(options);
    auto& c = api.client();
    for (const char* client : {"10.0.0.1", "10.0.0.2"}) {
      CHECK(c.get("/health", {{"X-Forwarded-For", std::string("203.0.113.9, ") + client}}).status == 200);
      CHECK(c.get("/health", {{"X-Forwarded-For", client}}).status == 200);
      check_limited(c.get("/health", {{"X-Forwarded-For", client}}));
    }
  }
}

TEST_CASE("security headers on every response, with a fresh CSP nonce each time") {
  ApiFixture api;
  auto& c = api.client();
  std::vector<vellum::test::HttpResult> responses = {
      c.get("/health"),                                     // 200
      c.get("/api/articles"),                               // 401
      c.get("/api/articles/none.md", api.admin()),          // 404
      c.post("/api/articles", "{", api.admin()),            // 400
      c.get("/nothing-here"),                               // router 404
  };
  RawConnection raw(api.port());
  responses.push_back(raw.exchange("BROKEN\r\n\r\n"));      // the server's own 400
  std::set<std::string> nonces;
  for (const auto& res : responses) {
    INFO(res.status << " " << res.body);
    const std::string csp = res.header("Content-Security-Policy");
    CHECK_THAT(csp, Catch::Contains("default-src 'self'") && Catch::Contains("script-src 'self' 'nonce-") &&
                        Catch::Contains("style-src 'self' 'unsafe-inline'") && Catch::Contains("frame-ancestors 'none'") &&
                        Catch::Contains("object-src 'none'"));
    const auto start = csp.find("'nonce-") + 7;
    nonces.insert(csp.substr(start, csp.find('\'', start) - start));
    CHECK(res.header("X-Frame-Options") == "DENY");
    CHECK(res.header("X-Content-Type-Options") == "nosniff");
    CHECK(res.header("Referrer-Policy") == "strict-origin-when-cross-origin");
    CHECK(res.header("Permissions-Policy") == "camera=(), microphone=(), geolocation=()");
    CHECK(res.header("Access-Control-Allow-Origin").empty());  // CORS is off by default
  }
  CHECK(nonces.size() == responses.size());
  for (const auto& nonce : nonces) CHECK(nonce.size() == 24);  // 16 bytes, base64
}

TEST_CASE("CORS: allowed origins get headers and preflights: others do not") {
  FixtureOptions options;
  options.cors_origins = {"https://notes.example"};
  ApiFixture api(options);
  auto& c = api.client();
  auto preflight = c.request("OPTIONS", "/api/articles", "",
                             {{{"Origin", "https://notes.example"}, {"Access-Control-Request-Method", "POST"},
                               {"Access-Control-Request-Headers", "authorization, content-type"}},
                              false,
                              std::chrono::seconds(5)});
  CHECK(preflight.status == 204);
  CHECK(preflight.header("Access-Control-Allow-Origin") == "https://notes.example");
  CHECK_THAT(preflight.header("Access-Control-Allow-Methods"), Catch::Contains("POST"));
  CHECK_THAT(preflight.header("Access-Control-Allow-Headers"), Catch::Contains("Authorization"));
  auto evil = c.request("OPTIONS", "/api/articles", "",
                        {{{"Origin", "https://evil.example"}, {"Access-Control-Request-Method", "GET"}},
                         false,
                         std::chrono::seconds(5)});
  CHECK(evil.status == 403);
  CHECK(evil.header("Access-Control-Allow-Origin").empty());

  auto actual = c.get("/api/articles", {{"Origin", "https://notes.example"}, {"Authorization", "Bearer " + api.admin_token()}});
  CHECK(actual.status == 200);
  CHECK(actual.header("Access-Control-Allow-Origin") == "https://notes.example");
  CHECK_THAT(actual.header("Vary"), Catch::Contains("Origin"));
  CHECK(c.get("/health", {{"Origin", "https://evil.example"}}).header("Access-Control-Allow-Origin").empty());
}

TEST_CASE("the admin token: configured, from a file, or generated once into the data directory (0600)") {
  vellum::test::TempDir dir;
  vellum::config::AuthSettings auth;
  auto generated = vellum::http::resolve_admin_token(auth, dir.path());
  REQUIRE(generated.ok());
  CHECK(generated->generated);
  CHECK(generated->token.size() == 64);
  CHECK(generated->file == dir / "admin-token");
  struct stat info {};
  REQUIRE(::stat(generated->file.c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0600);

  auto again = vellum::http::resolve_admin_token(auth, dir.path());
  REQUIRE(again.ok());
  CHECK_FALSE(again->generated);
  CHECK(again->token == generated->token);

  auth.token_file = dir.write("secret", "  from-a-file-0123456789  \nignored\n");
  CHECK(vellum::http::resolve_admin_token(auth, dir.path())->token == "from-a-file-0123456789");
  auth.token = "configured-token-0123456789";
  CHECK(vellum::http::resolve_admin_token(auth, dir.path())->token == "configured-token-0123456789");

  vellum::config::AuthSettings empty_file;
  empty_file.token_file = dir.write("empty", "\n");
  CHECK_FALSE(vellum::http::resolve_admin_token(empty_file, dir.path()).ok());
}

TEST_CASE("failed authentication is throttled per address") {
  ApiFixture api(limited());
  auto& c = api.client();
  for (int i = 0; i < 5; ++i) {
    CHECK(c.get("/api/articles", ApiFixture::bearer("sk-md-" + std::string(64, 'a'))).status == 401);
  }
  check_limited(c.get("/api/articles"));
  CHECK(c.get("/api/articles", api.admin()).status == 200);  // a valid token has its own budget
}
