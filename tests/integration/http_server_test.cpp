// The server's everyday behaviour: helpers, hook, keep-alive, errors, streaming, listening.
#include <atomic>
#include <stdexcept>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "http_test_server.hpp"
#include "support/http_client.hpp"

namespace http = vellum::http;
using vellum::test::HttpClient;
using vellum::test::RawConnection;
using vellum::test::TestServer;

namespace {

http::Response echo(const http::Request& request) {
  return http::Response::text(200, request.body, "application/octet-stream");
}

}  // namespace

TEST_CASE("response helpers: json, error and text", "[http][server]") {
  TestServer server([](http::Router& router) {
    router.add("GET", "/json", [](const http::Request&) {
      return http::Response::json(201, {{"a", 1}, {"b", {true, nullptr}}});
    });
    router.add("GET", "/error", [](const http::Request&) { return http::Response::error(409, "Slug taken"); });
    router.add("GET", "/text", [](const http::Request&) { return http::Response::text(200, "plain"); });
  });
  HttpClient client(server.port());

  auto json = client.get("/json");
  CHECK(json.status == 201);
  CHECK(json.header("Content-Type") == "application/json");
  CHECK(json.body == R"({"a":1,"b":[true,null]})");

  auto error = client.get("/error");
  CHECK(error.status == 409);
  CHECK(error.json() == nlohmann::json{{"error", "Slug taken"}});

  auto text = client.get("/text");
  CHECK(text.header("content-type") == "text/plain; charset=utf-8");
  CHECK(text.body == "plain");
  CHECK(text.header("content-length") == "5");
}

TEST_CASE("the response hook decorates every response, the server's own included", "[http][server]") {
  auto options = vellum::test::test_server_options();
  options.max_body_bytes = 16;
  TestServer server(
      [](http::Router& router) {
        router.add("GET", "/ok", [](const http::Request&) { return http::Response::text(200, "ok"); });
        router.add("GET", "/boom", [](const http::Request&) -> http::Response { throw std::runtime_error("boom"); });
        router.add("POST", "/upload", echo);
      },
      options, [](const http::Request& request, http::Response& response) {
        response.headers.set("X-Frame-Options", "DENY");
        response.headers.set("X-Seen-Path", request.path.empty() ? "-" : request.path);
      });
  HttpClient client(server.port());

  CHECK(client.get("/ok").header("X-Frame-Options") == "DENY");
  CHECK(client.get("/ok").header("X-Seen-Path") == "/ok");
  CHECK(client.get("/missing").header("X-Frame-Options") == "DENY");             // 404
  CHECK(client.get("/boom").header("X-Frame-Options") == "DENY");                // 500
  CHECK(client.post("/upload", std::string(100, 'x')).header("X-Frame-Options") == "DENY");  // 413
  RawConnection raw(server.port());
  auto malformed = raw.exchange("NOT HTTP AT ALL\r\n\r\n");
  CHECK(malformed.status == 400);
  CHECK(malformed.header("X-Frame-Options") == "DENY");
}

TEST_CASE("keep-alive: one connection carries many requests", "[http][server]") {
  TestServer server([](http::Router& router) {
    router.add("GET", "/ping", [](const http::Request&) { return http::Response::text(200, "pong"); });
    router.add("HEAD", "/ping", [](const http::Request&) { return http::Response::text(200, "pong"); });
  });
  HttpClient client(server.port());
  for (int i = 0; i < 10; ++i) REQUIRE(client.get("/ping").body == "pong");
  auto head = client.request("HEAD", "/ping");
  CHECK(head.status == 200);
  CHECK(head.header("Content-Length") == "4");
  CHECK(head.body.empty());
  CHECK(client.get("/ping").body == "pong");  // the HEAD response did not desynchronise the connection
  CHECK(client.connections_opened() == 1);
  CHECK(server.server().stats().accepted_connections == 1);

  SECTION("pipelined requests are answered in order") {
    RawConnection raw(server.port());
    REQUIRE(raw.send(vellum::test::raw_get("/ping") + vellum::test::raw_get("/nope")));
    CHECK(raw.read_response().status == 200);
    CHECK(raw.read_response().status == 404);
  }
  SECTION("Connection: close is honoured") {
    RawConnection raw(server.port());
    auto response = raw.exchange(vellum::test::raw_get("/ping", "Connection: close\r\n"));
    CHECK(response.status == 200);
    CHECK(response.header("Connection") == "close");
    CHECK(raw.wait_for_close(std::chrono::seconds(5)));
  }
}

TEST_CASE("bodies pass through untouched, invalid UTF-8 and NUL bytes included", "[http][server]") {
  TestServer server([](http::Router& router) { router.add("POST", "/echo", echo); });
  HttpClient client(server.port());
  const std::string bytes("\xff\xfe\x00 \xc3\x28 \xed\xa0\x80 ok", 13);
  auto response = client.post("/echo", bytes);
  CHECK(response.status == 200);
  CHECK(response.body == bytes);

  auto chunked = client.request("POST", "/echo", bytes, {.chunked = true});
  CHECK(chunked.status == 200);
  CHECK(chunked.body == bytes);
}

TEST_CASE("a handler that throws yields 500 and the server keeps serving", "[http][server]") {
  TestServer server([](http::Router& router) {
    router.add("GET", "/throw", [](const http::Request&) -> http::Response { throw std::runtime_error("db gone"); });
    router.add("GET", "/throw-int", [](const http::Request&) -> http::Response { throw 42; });
    router.add("GET", "/bad-status", [](const http::Request&) { return http::Response::text(42, "?"); });
    router.add("GET", "/ok", [](const http::Request&) { return http::Response::text(200, "ok"); });
  });
  HttpClient client(server.port());
  for (int i = 0; i < 3; ++i) {
    auto failed = client.get("/throw");
    CHECK(failed.status == 500);
    CHECK(failed.json() == nlohmann::json{{"error", "Internal server error"}});
    CHECK(client.get("/throw-int").status == 500);
    CHECK(client.get("/bad-status").status == 500);
    CHECK(client.get("/ok").status == 200);
  }
  CHECK(client.connections_opened() == 1);  // a 500 does not cost the connection
}

TEST_CASE("handlers cannot inject headers or break framing", "[http][server]") {
  TestServer server([](http::Router& router) {
    router.add("GET", "/evil", [](const http::Request&) {
      auto response = http::Response::text(200, "body");
      response.headers.set("X-Evil", "a\r\nSet-Cookie: stolen=1");
      response.headers.set("Content-Length", "999");
      response.headers.set("X-Fine", "yes");
      return response;
    });
  });
  HttpClient client(server.port());
  auto response = client.get("/evil");
  CHECK(response.status == 200);
  CHECK(response.body == "body");
  CHECK(response.header("Set-Cookie").empty());
  CHECK(response.header("X-Evil").empty());
  CHECK(response.header("Content-Length") == "4");
  CHECK(response.header("X-Fine") == "yes");
}

TEST_CASE("Expect: 100-continue uploads are accepted without a client-side delay", "[http][server]") {
  auto options = vellum::test::test_server_options();
  options.max_body_bytes = 4 * 1024 * 1024;
  TestServer server([](http::Router& router) { router.add("PUT", "/echo", echo); }, options);
  HttpClient client(server.port());
  const std::string big(2 * 1024 * 1024, 'z');
  auto response = client.request("PUT", "/echo", big, {.headers = {{"Expect", "100-continue"}}});
  CHECK(response.status == 200);
  CHECK(response.body.size() == big.size());
}

TEST_CASE("streaming responses are sent chunked, piece by piece", "[http][server]") {
  TestServer server([](http::Router& router) {
    router.add("GET", "/events", [](const http::Request&) {
      auto count = std::make_shared<int>(0);
      return http::Response::stream(200, "text/event-stream", [count](std::string& chunk) {
        chunk = "data: " + std::to_string(++*count) + "\n\n";
        return *count < 3;
      });
    });
    router.add("GET", "/broken", [](const http::Request&) {
      auto count = std::make_shared<int>(0);
      return http::Response::stream(200, "text/plain", [count](std::string& chunk) -> bool {
        if (++*count > 2) throw std::runtime_error("producer failed");
        chunk = "part";
        return true;
      });
    });
    router.add("GET", "/ok", [](const http::Request&) { return http::Response::text(200, "ok"); });
  });

  HttpClient client(server.port());
  auto events = client.get("/events");
  CHECK(events.status == 200);
  CHECK(events.header("Content-Type") == "text/event-stream");
  CHECK(events.header("Transfer-Encoding") == "chunked");
  CHECK(events.body == "data: 1\n\ndata: 2\n\ndata: 3\n\n");
  CHECK(client.get("/ok").status == 200);
  CHECK(client.connections_opened() == 1);  // a finished stream leaves the connection reusable

  SECTION("a producer that throws cuts the stream; the server carries on") {
    auto broken = client.get("/broken");
    CHECK(broken.status == 0);  // curl sees a truncated chunked body
    CHECK(client.get("/ok").status == 200);
  }
  SECTION("raw view of the chunk framing") {
    RawConnection raw(server.port());
    REQUIRE(raw.send(vellum::test::raw_get("/events")));
    auto response = raw.read_response();
    CHECK(response.body == "data: 1\n\ndata: 2\n\ndata: 3\n\n");
  }
}

TEST_CASE("listening: port 0, dual-stack '::', bad address, port in use", "[http][server]") {
  auto ok = [](http::Router& router) {
    router.add("GET", "/who", [](const http::Request& request) { return http::Response::text(200, request.remote_address); });
  };
  TestServer first(ok);
  CHECK(first.port() != 0);

  SECTION("a second server cannot take the same port") {
    auto options = vellum::test::test_server_options();
    options.port = first.port();
    http::Server second(options, [](http::Request&) { return http::Response::text(200, ""); });
    auto started = second.start();
    REQUIRE_FALSE(started.ok());
    CHECK(started.error().kind == vellum::sdk::ErrorKind::unavailable);
  }
  SECTION("a host name is refused: the listen address must be an IP") {
    auto options = vellum::test::test_server_options();
    options.host = "localhost.invalid";
    http::Server bad(options, [](http::Request&) { return http::Response::text(200, ""); });
    auto started = bad.start();
    REQUIRE_FALSE(started.ok());
    CHECK(started.error().kind == vellum::sdk::ErrorKind::invalid_argument);
  }
  SECTION("'::' accepts IPv4 clients too (when the machine has IPv6)") {
    auto options = vellum::test::test_server_options();
    options.host = "::";
    http::Router router;
    ok(router);
    http::Server dual(options, [&router](http::Request& request) { return router.handle(request); });
    auto started = dual.start();
    if (!started.ok()) {
      WARN("IPv6 unavailable here: " << started.error().message);
      return;
    }
    HttpClient v4(dual.port(), "127.0.0.1");
    auto response = v4.get("/who");
    CHECK(response.status == 200);
    CHECK(response.body == "127.0.0.1");  // the v4-mapped form is reported as plain IPv4
    HttpClient v6(dual.port(), "::1");
    auto over_v6 = v6.get("/who");
    if (over_v6.status == 0) {
      WARN("no IPv6 loopback: " << over_v6.error);
    } else {
      CHECK(over_v6.body == "::1");
    }
    dual.stop(std::chrono::seconds(1));
  }
}
