// HTTP helpers for tests that talk to a real server over loopback.
//   HttpClient    libcurl, one connection reused across calls (keep-alive), proxies ignored.
//   RawConnection a plain socket for what a polite client never sends: partial headers, garbage,
//                 hand-made chunked bodies; reads responses back and notices when the server hangs up.
//
//   vellum::test::HttpClient client(server.port());
//   auto res = client.get("/api/articles?folder=docs");
//   CHECK(res.status == 200);
//   CHECK(res.json()["title"] == "x");
//   CHECK(res.header("content-type") == "application/json");
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "http/headers.hpp"

namespace vellum::test {

using Fields = std::vector<std::pair<std::string, std::string>>;

struct HttpResult {
  long status = 0;     // 0 when no response arrived (see `error`)
  http::Headers headers;  // of the final response (a 100 Continue is skipped)
  std::string body;
  std::string error;   // transport failure (connection refused, reset, timeout); empty on success

  // The body parsed as JSON; throws nlohmann::json::parse_error (a test failure) when it is not JSON.
  [[nodiscard]] nlohmann::json json() const { return nlohmann::json::parse(body); }
  // A header's value, "" when absent. Names are case-insensitive.
  [[nodiscard]] std::string header(std::string_view name) const { return std::string(headers.get_or(name, "")); }
};

struct RequestOptions {
  Fields headers;                // sent as given, after curl's own (a repeated name replaces curl's)
  bool chunked = false;          // send the body with Transfer-Encoding: chunked instead of Content-Length
  std::chrono::milliseconds timeout{10'000};
};

class HttpClient {
 public:
  explicit HttpClient(std::uint16_t port, std::string host = "127.0.0.1");
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  HttpResult get(std::string_view target, const Fields& headers = {});
  HttpResult del(std::string_view target, const Fields& headers = {});
  HttpResult post(std::string_view target, std::string_view body, const Fields& headers = {});
  HttpResult put(std::string_view target, std::string_view body, const Fields& headers = {});
  HttpResult post_json(std::string_view target, const nlohmann::json& body, const Fields& headers = {});
  // Any method; `target` is the path and query, sent verbatim (encode it yourself).
  HttpResult request(std::string_view method, std::string_view target, std::string_view body = {},
                     const RequestOptions& options = {});

  // Connections this client has opened so far: stays at 1 while keep-alive holds.
  [[nodiscard]] long connections_opened() const noexcept { return connects_; }
  [[nodiscard]] const std::string& base_url() const noexcept { return base_url_; }

 private:
  void* curl_;  // CURL*, kept out of this header
  std::string base_url_;
  long connects_ = 0;
};

class RawConnection {
 public:
  // Connects at once; throws std::runtime_error when it cannot. `source`: the local address to connect
  // from, e.g. "127.0.0.2" to be another client on loopback (Linux routes all of 127/8 to lo).
  explicit RawConnection(std::uint16_t port, std::string host = "127.0.0.1", std::string source = {});
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  // Writes every byte; false when the server has already closed the connection.
  bool send(std::string_view bytes);
  // Reads one response (Content-Length, chunked, or until close). status 0 and `error` set when the
  // connection closed or `timeout` passed first.
  HttpResult read_response(std::chrono::milliseconds timeout = std::chrono::seconds(5));
  // True when the server closes the connection within `timeout`. Bytes arriving meanwhile are kept
  // and can still be read with read_response().
  bool wait_for_close(std::chrono::milliseconds timeout);
  // Shorthand: send `bytes`, read one response.
  HttpResult exchange(std::string_view bytes, std::chrono::milliseconds timeout = std::chrono::seconds(5));

 private:
  // Appends whatever arrives within `timeout`; false on timeout, EOF or error (then closed_ is set on EOF/error).
  bool read_more(std::chrono::steady_clock::time_point deadline);

  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// A GET request as a raw client would write it; `extra_headers` are whole lines, each ending in "\r\n".
[[nodiscard]] std::string raw_get(std::string_view target, std::string_view extra_headers = {});

}  // namespace vellum::test
