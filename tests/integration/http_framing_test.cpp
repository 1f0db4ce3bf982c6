// Request smuggling and addressing (RFC 9112 §3.2, §6): a body must never pass for a second request,
// and a request has exactly one authority, the one its Host policies judge.
#include <atomic>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "http_test_server.hpp"
#include "support/http_client.hpp"

namespace http = vellum::http;
using namespace std::chrono_literals;
using vellum::test::HttpClient;
using vellum::test::RawConnection;
using vellum::test::TestServer;

namespace {

struct Routes {
  std::atomic<int> deletes{0};

  void operator()(http::Router& router) {
    router.add("POST", "/echo", [](const http::Request& request) { return http::Response::text(200, request.body); });
    router.add("DELETE", "/items/:id", [this](const http::Request&) {
      ++deletes;
      return http::Response::text(200, "deleted");
    });
    router.add("GET", "/host", [](const http::Request& request) {
      return http::Response::text(200, std::string(request.header("Host").value_or("(none)")));
    });
  }
};

constexpr std::string_view kSmuggled = "DELETE /items/1 HTTP/1.1\r\nHost: x\r\n\r\n";

// A POST whose body is a whole second request, framed by `fields`.
std::string smuggling(std::string_view fields, std::string_view body = kSmuggled) {
  return "POST /echo HTTP/1.1\r\nHost: x\r\n" + std::string(fields) + "\r\n" + std::string(body);
}

// The server answered 400 with a JSON error and Connection: close (implied in HTTP/1.0), closed the
// connection, and answered nothing else.
void check_refused(RawConnection& raw, std::string_view bytes) {
  auto response = raw.exchange(bytes);
  CHECK(response.status == 400);
  if (bytes.find("HTTP/1.0") == std::string_view::npos) CHECK(response.header("Connection") == "close");
  CHECK(response.header("Content-Type") == "application/json");
  CHECK(response.json().contains("error"));
  CHECK(raw.wait_for_close(10s));
  CHECK(raw.read_response(1s).status == 0);  // no second response
}

}  // namespace

TEST_CASE("framing: any Transfer-Encoding but exactly 'chunked' is 400, the body never runs as a request",
          "[http][framing]") {
  Routes routes;
  TestServer server([&routes](http::Router& router) { routes(router); });

  const std::string_view fields[] = {
      "Transfer-Encoding: xchunked\r\n",
      "Transfer-Encoding: chunked, identity\r\n",
      "Transfer-Encoding: identity\r\n",
      "Transfer-Encoding: gzip, chunked\r\n",
      "Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n",
      "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n",
      "Transfer-Encoding: xchunked\r\nContent-Length: 0\r\n",
      "Content-Length: 0\r\nTransfer-Encoding: xchunked\r\n",
      "Transfer-Encoding: chunked\r\nContent-Length: 0\r\n",
  };
  for (auto framing : fields) {
    INFO(framing);
    RawConnection raw(server.port());
    check_refused(raw, smuggling(framing));
  }
  SECTION("in HTTP/1.0, which has no transfer codings") {
    RawConnection raw(server.port());
    check_refused(raw, "POST /echo HTTP/1.0\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" +
                           std::string(kSmuggled));
  }
  CHECK(routes.deletes.load() == 0);

  // The real thing still works, in any letter case.
  RawConnection chunked(server.port());
  auto echoed = chunked.exchange(smuggling("Transfer-Encoding: Chunked\r\n", "5\r\nhello\r\n0\r\n\r\n"));
  CHECK(echoed.status == 200);
  CHECK(echoed.body == "hello");
  CHECK(chunked.exchange(vellum::test::raw_get("/host")).status == 200);  // and keep-alive holds
}

TEST_CASE("framing: one Host, well formed, HTTP/1.1 requires it", "[http][framing]") {
  Routes routes;
  TestServer server([&routes](http::Router& router) { routes(router); });
  for (std::string_view request : {
           "GET /host HTTP/1.1\r\nHost: a.example\r\nHost: b.example\r\n\r\n",
           "GET /host HTTP/1.1\r\n\r\n",
           "GET /host HTTP/1.1\r\nHost: user@a.example\r\n\r\n",
           "GET /host HTTP/1.1\r\nHost: a.example/path\r\n\r\n",
           "GET /host HTTP/1.1\r\nHost: a example\r\n\r\n",
       }) {
    INFO(request);
    RawConnection raw(server.port());
    check_refused(raw, request);
  }
  RawConnection old(server.port());
  auto answered = old.exchange("GET /host HTTP/1.0\r\n\r\n");  // HTTP/1.0 had no Host
  CHECK(answered.status == 200);
  CHECK(answered.body == "(none)");
  HttpClient client(server.port());
  CHECK(client.get("/host").body == "127.0.0.1:" + std::to_string(server.port()));
}

TEST_CASE("framing: an absolute-form target's authority is the request's Host", "[http][framing]") {
  Routes routes;
  TestServer server([&routes](http::Router& router) { routes(router); });

  RawConnection raw(server.port());
  auto absolute = raw.exchange("GET http://evil.example:8080/host HTTP/1.1\r\nHost: localhost\r\n\r\n");
  CHECK(absolute.status == 200);
  CHECK(absolute.body == "evil.example:8080");  // what Host policies see, not "localhost"

  for (std::string_view request : {
           "GET http://user@localhost/host HTTP/1.1\r\nHost: localhost\r\n\r\n",  // user information
           "GET ftp://localhost/host HTTP/1.1\r\nHost: localhost\r\n\r\n",        // not http(s)
           "GET http:/host HTTP/1.1\r\nHost: localhost\r\n\r\n",                  // no authority
           "GET localhost:80 HTTP/1.1\r\nHost: localhost\r\n\r\n",                // authority form
       }) {
    INFO(request);
    RawConnection refused(server.port());
    auto response = refused.exchange(request);
    CHECK(response.status == 400);
  }

  // "//evil.example/host" is a path whose first segment is empty, not an authority.
  RawConnection path(server.port());
  CHECK(path.exchange("GET //evil.example/host HTTP/1.1\r\nHost: localhost\r\n\r\n").status == 404);
}
