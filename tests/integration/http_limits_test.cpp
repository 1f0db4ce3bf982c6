// Limits and hostile input: body, header and URL sizes, malformed HTTP, connection caps.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "http_test_server.hpp"
#include "support/http_client.hpp"
#include "support/log_capture.hpp"
#include "support/wait_until.hpp"

namespace http = vellum::http;
using vellum::test::HttpClient;
using vellum::test::RawConnection;
using vellum::test::TestServer;

namespace {

void routes(http::Router& router) {
  router.add("POST", "/echo", [](const http::Request& request) { return http::Response::text(200, request.body); });
  router.add("GET", "/ok", [](const http::Request&) { return http::Response::text(200, "ok"); });
}

http::ServerOptions limits() {
  auto options = vellum::test::test_server_options();
  options.max_body_bytes = 1000;
  options.max_header_bytes = 4096;
  options.max_url_length = 1024;
  return options;
}

std::string chunked_post(const std::vector<std::size_t>& chunk_sizes) {
  std::string request = "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (auto size : chunk_sizes) {
    char hex[32];
    std::snprintf(hex, sizeof hex, "%zx\r\n", size);
    request += hex + std::string(size, 'c') + "\r\n";
  }
  return request + "0\r\n\r\n";
}

}  // namespace

TEST_CASE("body limit: a Content-Length over the limit is refused up front with 413", "[http][limits]") {
  TestServer server(routes, limits());
  HttpClient client(server.port());

  CHECK(client.post("/echo", std::string(1000, 'a')).status == 200);  // exactly the limit is fine

  auto refused = client.post("/echo", std::string(1001, 'a'));
  CHECK(refused.status == 413);
  CHECK(refused.json() == nlohmann::json{{"error", "Request too large"}, {"maxSize", 1000}, {"receivedSize", 1001}});

  // A client announcing a gigabyte gets its answer without sending a byte of it.
  RawConnection raw(server.port());
  auto huge = raw.exchange("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000000\r\n\r\n");
  CHECK(huge.status == 413);
  CHECK(huge.json()["receivedSize"] == 1000000000);
  CHECK(raw.wait_for_close(std::chrono::seconds(5)));

  CHECK(client.get("/ok").status == 200);
}

TEST_CASE("body limit: chunked bodies are counted as they arrive", "[http][limits]") {
  TestServer server(routes, limits());

  RawConnection small(server.port());
  auto accepted = small.exchange(chunked_post({400, 400, 200}));
  CHECK(accepted.status == 200);
  CHECK(accepted.body.size() == 1000);

  RawConnection large(server.port());
  auto refused = large.exchange(chunked_post({400, 400, 400, 400}));
  CHECK(refused.status == 413);
  CHECK(refused.json()["maxSize"] == 1000);
  CHECK(refused.json()["receivedSize"].get<std::uint64_t>() > 1000);
  CHECK(large.wait_for_close(std::chrono::seconds(5)));

  // One absurd chunk size is refused before its bytes are read.
  RawConnection absurd(server.port());
  auto huge = absurd.exchange("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffff\r\n");
  CHECK(huge.status == 413);

  HttpClient client(server.port());
  CHECK(client.request("POST", "/echo", std::string(5000, 'z'), {.chunked = true}).status == 413);
  CHECK(client.get("/ok").status == 200);
}

TEST_CASE("header block over the limit is 431", "[http][limits]") {
  TestServer server(routes, limits());
  RawConnection raw(server.port());
  auto response = raw.exchange(vellum::test::raw_get("/ok", "X-Big: " + std::string(8000, 'h') + "\r\n"));
  CHECK(response.status == 431);
  CHECK(raw.wait_for_close(std::chrono::seconds(5)));

  HttpClient client(server.port());
  CHECK(client.get("/ok", {{"X-Big", std::string(8000, 'h')}}).status == 431);
  CHECK(client.get("/ok", {{"X-Small", std::string(1000, 'h')}}).status == 200);
}

TEST_CASE("URL over the limit is 414, however long", "[http][limits]") {
  TestServer server(routes, limits());
  HttpClient client(server.port());
  CHECK(client.get("/ok?pad=" + std::string(900, 'u')).status == 200);
  CHECK(client.get("/ok?pad=" + std::string(2000, 'u')).status == 414);    // within the header limit
  CHECK(client.get("/ok?pad=" + std::string(50000, 'u')).status == 414);   // beyond the header limit too
  CHECK(client.get("/ok").status == 200);
}

TEST_CASE("malformed HTTP is 400 and the connection is closed", "[http][limits]") {
  TestServer server(routes, limits());
  const char* garbage[] = {
      "GARBAGE\r\n\r\n",
      "GET /ok HTTP/9.9\r\nHost: x\r\n\r\n",
      "GET /ok HTTP/1.1\r\nBad Header Name: x\r\n\r\n",
      "GET /%zz HTTP/1.1\r\nHost: x\r\n\r\n",
      "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello",
      "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
  };
  for (const char* request : garbage) {
    INFO(request);
    RawConnection raw(server.port());
    auto response = raw.exchange(request);
    CHECK(response.status == 400);
    CHECK(raw.wait_for_close(std::chrono::seconds(5)));
  }
  HttpClient client(server.port());
  CHECK(client.get("/ok").status == 200);
}

TEST_CASE("over the connection cap, new connections get 503 and are closed", "[http][limits]") {
  auto options = limits();
  options.max_connections = 2;
  TestServer server(routes, options);
  RawConnection first(server.port());
  RawConnection second(server.port());
  CHECK(first.exchange(vellum::test::raw_get("/ok")).status == 200);
  CHECK(second.exchange(vellum::test::raw_get("/ok")).status == 200);

  RawConnection third(server.port());
  auto busy = third.exchange(vellum::test::raw_get("/ok"));
  CHECK(busy.status == 503);
  CHECK(busy.header("Retry-After") == "1");
  CHECK(third.wait_for_close(std::chrono::seconds(5)));
}

TEST_CASE("one address cannot take every connection: over its own limit it gets 429, others are served",
          "[http][limits]") {
  auto options = limits();
  options.max_connections = 6;
  options.max_connections_per_address = 3;
  TestServer server(routes, options);

  // The attack: sockets opened from one address and left silent.
  std::vector<std::unique_ptr<RawConnection>> idle;
  for (int i = 0; i < 3; ++i) idle.push_back(std::make_unique<RawConnection>(server.port()));

  for (int i = 0; i < 5; ++i) {  // more than the total cap: refusals take no slot
    RawConnection over(server.port());
    auto refused = over.exchange(vellum::test::raw_get("/ok"));
    CHECK(refused.status == 429);
    CHECK(refused.header("Retry-After") == "1");
    CHECK(refused.json()["error"] == "Too many connections from your address");
    CHECK(over.wait_for_close(std::chrono::seconds(5)));
  }

  // Another client (another loopback address) is still served, up to the per-address limit.
  std::vector<std::unique_ptr<RawConnection>> other;
  for (int i = 0; i < 3; ++i) {
    other.push_back(std::make_unique<RawConnection>(server.port(), "127.0.0.1", "127.0.0.2"));
    CHECK(other.back()->exchange(vellum::test::raw_get("/ok")).status == 200);
  }

  // When one of its sockets closes, the first address gets a slot back.
  idle.pop_back();
  CHECK(vellum::test::wait_until([&] {
    RawConnection again(server.port());
    return again.exchange(vellum::test::raw_get("/ok")).status == 200;
  }));
}

TEST_CASE("refusals are summed up in one warning per interval, not one log line each", "[http][limits]") {
  vellum::test::LogCapture logs(spdlog::level::info);
  auto options = limits();
  options.max_connections_per_address = 1;
  options.refusal_log_interval = std::chrono::hours(1);
  TestServer server(routes, options);
  spdlog::set_level(spdlog::level::info);  // TestServer keeps warnings only; access lines matter here

  RawConnection held(server.port());
  CHECK(held.exchange(vellum::test::raw_get("/ok")).status == 200);
  for (int i = 0; i < 10; ++i) {
    RawConnection over(server.port());
    CHECK(over.exchange(vellum::test::raw_get("/ok")).status == 429);
  }

  auto refusals = logs.lines_with("refused");
  REQUIRE(refusals.size() == 1);  // the first refusal, at once
  CHECK(refusals[0].find("refused 1 connection(s) over max_connections_per_address (1), the latest from 127.0.0.1") !=
        std::string::npos);
  CHECK(logs.lines_with("GET /ok 200").size() == 1);  // the access log is on...
  CHECK(logs.lines_with(" 429 ").empty());            // ...and refused connections are not in it

  server.server().stop();  // the rest are counted in the last line
  refusals = logs.lines_with("refused");
  REQUIRE(refusals.size() == 2);
  CHECK(refusals[1].find("refused 9 connection(s) over max_connections_per_address") != std::string::npos);
}
