// Router: how patterns match, in-process and over real HTTP.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "http/router.hpp"
#include "http_test_server.hpp"
#include "support/http_client.hpp"

namespace http = vellum::http;
using vellum::test::HttpClient;
using vellum::test::TestServer;

namespace {

http::Handler reply(std::string name) {
  return [name](const http::Request& request) {
    nlohmann::json params = nlohmann::json::object();
    for (const auto& [key, value] : request.params) params[key] = value;
    return http::Response::json(200, {{"route", name}, {"params", params}});
  };
}

nlohmann::json route(const http::Router& router, std::string method, std::string_view target) {
  auto request = http::make_request(std::move(method), target);
  auto response = router.handle(request);
  auto body = nlohmann::json::parse(response.body);
  body["status"] = response.status;
  return body;
}

}  // namespace

TEST_CASE("router: exact, parameter and tail patterns", "[http][router]") {
  http::Router router;
  router.add("GET", "/", reply("root"))
      .add("GET", "/api/articles", reply("list"))
      .add("GET", "/api/articles/:slug", reply("one"))
      .add("GET", "/api/files/*rest", reply("tail"))
      .add("GET", "/api/a/:x/b/:y", reply("two"));

  CHECK(route(router, "GET", "/")["route"] == "root");
  CHECK(route(router, "GET", "/api/articles")["route"] == "list");
  CHECK(route(router, "GET", "/api/articles?folder=x")["route"] == "list");

  auto one = route(router, "GET", "/api/articles/hello%20world");
  CHECK(one["route"] == "one");
  CHECK(one["params"]["slug"] == "hello world");

  auto encoded_slash = route(router, "GET", "/api/articles/a%2Fb");  // still one segment
  CHECK(encoded_slash["params"]["slug"] == "a/b");

  auto tail = route(router, "GET", "/api/files/docs/guide%20one.md");
  CHECK(tail["route"] == "tail");
  CHECK(tail["params"]["rest"] == "docs/guide one.md");

  auto two = route(router, "GET", "/api/a/1/b/2");
  CHECK(two["params"] == nlohmann::json{{"x", "1"}, {"y", "2"}});

  CHECK(route(router, "GET", "/api/files")["status"] == 404);        // a tail needs at least one segment
  CHECK(route(router, "GET", "/api/articles/x/y")["status"] == 404);  // ":slug" is exactly one segment
  CHECK(route(router, "GET", "/nope")["status"] == 404);
  CHECK(route(router, "GET", "/nope") == nlohmann::json{{"error", "Not found"}, {"status", 404}});
}

TEST_CASE("router: first match in registration order wins", "[http][router]") {
  http::Router router;
  router.add("GET", "/api/articles/special", reply("literal"))
      .add("GET", "/api/articles/:slug", reply("param"))
      .add("GET", "/api/articles/:other", reply("never"));
  CHECK(route(router, "GET", "/api/articles/special")["route"] == "literal");
  CHECK(route(router, "GET", "/api/articles/normal")["route"] == "param");
}

TEST_CASE("router: a known path with the wrong method is 405 with Allow", "[http][router]") {
  http::Router router;
  router.add("GET", "/api/articles/:slug", reply("get"))
      .add("PUT", "/api/articles/:slug", reply("put"))
      .add("GET", "/api/articles/*rest", reply("get-tail"))
      .add("DELETE", "/api/other", reply("delete"));
  auto request = http::make_request("POST", "/api/articles/x");
  auto response = router.handle(request);
  CHECK(response.status == 405);
  CHECK(response.headers.get_or("allow", "") == "GET, PUT");
  CHECK(nlohmann::json::parse(response.body) == nlohmann::json{{"error", "Method not allowed"}});
}

TEST_CASE("router: a decoded NUL in a parameter is refused with 400", "[http][router]") {
  http::Router router;
  bool called = false;
  router.add("GET", "/files/:name", [&](const http::Request&) {
    called = true;
    return http::Response::text(200, "ok");
  });
  auto request = http::make_request("GET", "/files/a%00b");
  auto response = router.handle(request);
  CHECK(response.status == 400);
  CHECK_FALSE(called);
}

TEST_CASE("router: malformed patterns are refused when registered", "[http][router]") {
  http::Router router;
  CHECK_THROWS_AS(router.add("GET", "no-slash", reply("x")), std::invalid_argument);
  CHECK_THROWS_AS(router.add("GET", "/a/*rest/b", reply("x")), std::invalid_argument);
  CHECK_THROWS_AS(router.add("GET", "/a/:", reply("x")), std::invalid_argument);
}

TEST_CASE("request: query parameters and headers are decoded for handlers", "[http][router]") {
  auto request = http::make_request("GET", "/search?q=a+b%20c&tag=x&tag=y&empty=&flag");
  CHECK(request.path == "/search");
  CHECK(request.query.get_or("q", "") == "a b c");
  CHECK(request.query.all("tag") == std::vector<std::string_view>{"x", "y"});
  CHECK(request.query.get("empty") == std::optional<std::string_view>(""));
  CHECK(request.query.contains("flag"));
  CHECK_FALSE(request.query.contains("missing"));

  request.headers.add("X-Custom", "1");
  CHECK(request.header("x-custom") == std::optional<std::string_view>("1"));
  CHECK_THROWS(http::make_request("GET", "/bad%zz"));
}

TEST_CASE("routing over HTTP: params, tail, 404, 405 and decoded query", "[http][router]") {
  TestServer server([](http::Router& router) {
    router.add("GET", "/api/articles/:slug", [](const http::Request& request) {
      return http::Response::json(200, {{"slug", request.param("slug")},
                                        {"q", request.query.get_or("q", "")},
                                        {"custom", request.header("x-custom").value_or("")},
                                        {"remote", request.remote_address}});
    });
    router.add("GET", "/api/files/*rest",
               [](const http::Request& request) { return http::Response::text(200, std::string(request.param("rest"))); });
    router.add("DELETE", "/api/articles/:slug", [](const http::Request&) { return http::Response::json(204, nullptr); });
  });
  HttpClient client(server.port());

  auto one = client.get("/api/articles/caf%C3%A9?q=hello+world", {{"X-Custom", "yes"}});
  REQUIRE(one.status == 200);
  CHECK(one.header("content-type") == "application/json");
  CHECK(one.json() == nlohmann::json{{"slug", "café"}, {"q", "hello world"}, {"custom", "yes"}, {"remote", "127.0.0.1"}});

  auto tail = client.get("/api/files/a/b/c.md");
  CHECK(tail.status == 200);
  CHECK(tail.body == "a/b/c.md");

  auto missing = client.get("/api/nothing");
  CHECK(missing.status == 404);
  CHECK(missing.json() == nlohmann::json{{"error", "Not found"}});

  auto wrong = client.post("/api/articles/x", "{}");
  CHECK(wrong.status == 405);
  CHECK(wrong.header("Allow") == "GET, DELETE");

  auto nul = client.get("/api/articles/a%00b");
  CHECK(nul.status == 400);

  auto no_content = client.del("/api/articles/x");
  CHECK(no_content.status == 204);
  CHECK(no_content.body.empty());
}
