// Time and load: slow clients, many clients, shutting down with work in flight.
#include <atomic>
#include <future>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "http_test_server.hpp"
#include "support/http_client.hpp"

namespace http = vellum::http;
using namespace std::chrono_literals;
using vellum::test::HttpClient;
using vellum::test::RawConnection;
using vellum::test::TestServer;

namespace {

void ok_route(http::Router& router) {
  router.add("GET", "/ok", [](const http::Request&) { return http::Response::text(200, "ok"); });
}

}  // namespace

TEST_CASE("slowloris: partial requests are closed at the read timeout without holding threads", "[http][lifecycle]") {
  auto options = vellum::test::test_server_options();
  options.read_timeout = 300ms;
  options.idle_timeout = 300ms;
  options.threads = 1;  // one handler thread and one I/O thread: a blocked thread would show at once
  options.io_threads = 1;
  TestServer server(ok_route, options);

  std::vector<std::unique_ptr<RawConnection>> slow;
  for (int i = 0; i < 20; ++i) {
    slow.push_back(std::make_unique<RawConnection>(server.port()));
    REQUIRE(slow.back()->send("GET /ok HTTP/1.1\r\nHost: x\r\nX-Slow: "));  // and never the rest
  }
  RawConnection silent(server.port());  // connects and says nothing
  RawConnection slow_body(server.port());
  REQUIRE(slow_body.send("POST /ok HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly part"));

  // Meanwhile everybody else is served.
  HttpClient client(server.port());
  for (int i = 0; i < 5; ++i) CHECK(client.get("/ok").status == 200);

  for (auto& connection : slow) CHECK(connection->wait_for_close(10s));
  CHECK(silent.wait_for_close(10s));
  CHECK(slow_body.wait_for_close(10s));
  CHECK(client.get("/ok").status == 200);
}

TEST_CASE("idle keep-alive connections are closed after the idle timeout", "[http][lifecycle]") {
  auto options = vellum::test::test_server_options();
  options.idle_timeout = 300ms;
  TestServer server(ok_route, options);
  RawConnection raw(server.port());
  CHECK(raw.exchange(vellum::test::raw_get("/ok")).status == 200);
  CHECK(raw.wait_for_close(10s));
  CHECK(server.server().stats().requests == 1);
}

TEST_CASE("500 concurrent connections from several threads are all answered", "[http][lifecycle]") {
  auto options = vellum::test::test_server_options();
  options.max_connections = 1000;
  options.max_connections_per_address = 1000;  // every client here is 127.0.0.1
  TestServer server(
      [](http::Router& router) {
        router.add("GET", "/n/:n", [](const http::Request& request) {
          return http::Response::text(200, std::string(request.param("n")));
        });
      },
      options);

  constexpr int kThreads = 5;
  constexpr int kPerThread = 100;
  std::atomic<int> answered{0};
  std::atomic<int> connected{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      // Every connection is open before any is read from: the server holds all 500 at once.
      std::vector<std::unique_ptr<RawConnection>> connections;
      for (int i = 0; i < kPerThread; ++i) {
        connections.push_back(std::make_unique<RawConnection>(server.port()));
        connected.fetch_add(1);
      }
      while (connected.load() < kThreads * kPerThread) std::this_thread::sleep_for(1ms);
      for (int i = 0; i < kPerThread; ++i) connections[i]->send(vellum::test::raw_get("/n/" + std::to_string(t * 1000 + i)));
      for (int i = 0; i < kPerThread; ++i) {
        auto response = connections[i]->read_response(30s);
        if (response.status == 200 && response.body == std::to_string(t * 1000 + i)) answered.fetch_add(1);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(answered.load() == kThreads * kPerThread);
  CHECK(server.server().stats().accepted_connections == kThreads * kPerThread);

  SECTION("and as many libcurl requests over keep-alive connections") {
    std::atomic<int> ok{0};
    std::vector<std::thread> clients;
    for (int t = 0; t < kThreads; ++t) {
      clients.emplace_back([&] {
        HttpClient client(server.port());
        for (int i = 0; i < kPerThread; ++i) ok += client.get("/n/" + std::to_string(i)).status == 200;
      });
    }
    for (auto& client : clients) client.join();
    CHECK(ok.load() == kThreads * kPerThread);
  }
}

TEST_CASE("graceful stop drains an in-flight request, then refuses new connections", "[http][lifecycle]") {
  std::promise<void> entered;
  auto entered_future = entered.get_future();
  TestServer server([&](http::Router& router) {
    ok_route(router);
    router.add("GET", "/slow", [&](const http::Request&) {
      entered.set_value();
      std::this_thread::sleep_for(500ms);
      return http::Response::text(200, "finished");
    });
  });
  const auto port = server.port();

  RawConnection idle(port);  // a keep-alive connection with nothing in flight
  CHECK(idle.exchange(vellum::test::raw_get("/ok")).status == 200);

  auto in_flight = std::async(std::launch::async, [port] { return HttpClient(port).get("/slow"); });
  REQUIRE(entered_future.wait_for(10s) == std::future_status::ready);

  server.server().stop(10s);

  auto response = in_flight.get();
  CHECK(response.status == 200);
  CHECK(response.body == "finished");
  CHECK(response.header("Connection") == "close");
  CHECK(idle.wait_for_close(1s));  // closed at once, not at its idle timeout
  CHECK_THROWS(RawConnection(port));
  CHECK(HttpClient(port).get("/ok").status == 0);
}

TEST_CASE("stop force-closes what is still running at the drain deadline", "[http][lifecycle]") {
  std::promise<void> entered;
  auto entered_future = entered.get_future();
  TestServer server([&](http::Router& router) {
    router.add("GET", "/stuck", [&](const http::Request&) {
      entered.set_value();
      std::this_thread::sleep_for(1500ms);
      return http::Response::text(200, "too late");
    });
  });
  RawConnection raw(server.port());
  REQUIRE(raw.send(vellum::test::raw_get("/stuck")));
  REQUIRE(entered_future.wait_for(10s) == std::future_status::ready);

  RawConnection half(server.port());  // a request still being read also counts as in flight
  REQUIRE(half.send("GET /ok HTTP/1.1\r\n"));

  server.server().stop(100ms);
  CHECK(raw.read_response(5s).status == 0);  // closed without an answer
  CHECK(half.wait_for_close(1s));
  server.server().stop(1s);  // idempotent
}

TEST_CASE("a connection must send its header by the header deadline, long before the idle and read timeouts",
          "[http][lifecycle]") {
  auto options = vellum::test::test_server_options();
  options.header_timeout = 300ms;
  options.idle_timeout = 60s;
  options.read_timeout = 60s;
  TestServer server(
      [](http::Router& router) {
        ok_route(router);
        router.add("POST", "/echo", [](const http::Request& request) { return http::Response::text(200, request.body); });
      },
      options);

  SECTION("a new connection that says nothing") {
    RawConnection silent(server.port());
    CHECK(silent.wait_for_close(30s));
  }
  SECTION("a new connection that trickles a header") {
    RawConnection partial(server.port());
    REQUIRE(partial.send("GET /ok HTTP/1.1\r\nHost: x\r\n"));
    CHECK(partial.wait_for_close(30s));
  }
  SECTION("a keep-alive connection may idle between requests, but each header has the deadline from its first byte") {
    RawConnection kept(server.port());
    CHECK(kept.exchange(vellum::test::raw_get("/ok")).status == 200);
    std::this_thread::sleep_for(1s);  // longer than the header deadline: idling is not sending a header
    CHECK(kept.exchange(vellum::test::raw_get("/ok")).status == 200);
    REQUIRE(kept.send("GET /ok HTTP/1.1\r\n"));
    CHECK(kept.wait_for_close(30s));
  }
  SECTION("the body is not on the header clock: it has the read timeout") {
    RawConnection slow_body(server.port());
    REQUIRE(slow_body.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhe"));
    std::this_thread::sleep_for(1s);
    auto response = slow_body.exchange("llo");
    CHECK(response.status == 200);
    CHECK(response.body == "hello");
  }
}
