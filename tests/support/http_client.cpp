#include "support/http_client.hpp"

#include <stdexcept>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <curl/curl.h>

namespace vellum::test {

namespace net = boost::asio;
using tcp = net::ip::tcp;

// ---- HttpClient (libcurl) ----------------------------------------------------------------------------

namespace {

void global_curl_init() {
  static const bool initialised = [] { return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK; }();
  if (!initialised) throw std::runtime_error("curl_global_init failed");
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) s.remove_suffix(1);
  return s;
}

// Adds one "Name: value" line; a status line starts a new response (after 100 Continue).
void add_header_line(std::string_view line, http::Headers& headers) {
  if (line.starts_with("HTTP/")) {
    headers = {};
    return;
  }
  const auto colon = line.find(':');
  if (colon == std::string_view::npos) return;
  headers.add(trim(line.substr(0, colon)), trim(line.substr(colon + 1)));
}

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* out) {
  add_header_line(std::string_view(data, size * count), *static_cast<http::Headers*>(out));
  return size * count;
}

struct Upload {
  std::string_view rest;
};

std::size_t on_read(char* buffer, std::size_t size, std::size_t count, void* in) {
  auto* upload = static_cast<Upload*>(in);
  const std::size_t n = std::min(size * count, upload->rest.size());
  upload->rest.copy(buffer, n);
  upload->rest.remove_prefix(n);
  return n;
}

}  // namespace

HttpClient::HttpClient(std::uint16_t port, std::string host) {
  global_curl_init();
  curl_ = curl_easy_init();
  if (curl_ == nullptr) throw std::runtime_error("curl_easy_init failed");
  if (host.find(':') != std::string::npos) host = "[" + host + "]";  // IPv6 literal
  base_url_ = "http://" + host + ":" + std::to_string(port);
}

HttpClient::~HttpClient() { curl_easy_cleanup(static_cast<CURL*>(curl_)); }

HttpResult HttpClient::get(std::string_view target, const Fields& headers) {
  return request("GET", target, {}, {.headers = headers});
}

HttpResult HttpClient::del(std::string_view target, const Fields& headers) {
  return request("DELETE", target, {}, {.headers = headers});
}

HttpResult HttpClient::post(std::string_view target, std::string_view body, const Fields& headers) {
  return request("POST", target, body, {.headers = headers});
}

HttpResult HttpClient::put(std::string_view target, std::string_view body, const Fields& headers) {
  return request("PUT", target, body, {.headers = headers});
}

HttpResult HttpClient::post_json(std::string_view target, const nlohmann::json& body, const Fields& headers) {
  Fields with_type = headers;
  with_type.emplace_back("Content-Type", "application/json");
  return post(target, body.dump(), with_type);
}

HttpResult HttpClient::request(std::string_view method, std::string_view target, std::string_view body,
                               const RequestOptions& options) {
  auto* curl = static_cast<CURL*>(curl_);
  curl_easy_reset(curl);  // clears options, keeps the connection cache: keep-alive still applies
  HttpResult result;
  const std::string url = base_url_ + std::string(target);
  const std::string verb(method);
  Upload upload{body};

  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_NOPROXY, "*");
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(options.timeout.count()));
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &result.body);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &result.headers);

  struct curl_slist* list = nullptr;
  for (const auto& [name, value] : options.headers) list = curl_slist_append(list, (name + ": " + value).c_str());
  if (verb == "GET") {
    curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
  } else if (verb == "HEAD") {
    curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  } else {
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, verb.c_str());
    if (options.chunked) {
      curl_easy_setopt(curl, CURLOPT_POST, 1L);
      curl_easy_setopt(curl, CURLOPT_READFUNCTION, on_read);
      curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
      list = curl_slist_append(list, "Transfer-Encoding: chunked");
    } else if (!body.empty() || verb == "POST" || verb == "PUT" || verb == "PATCH") {
      curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
      curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    }
  }
  if (list != nullptr) curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);

  const CURLcode code = curl_easy_perform(curl);
  curl_slist_free_all(list);
  long connects = 0;
  curl_easy_getinfo(curl, CURLINFO_NUM_CONNECTS, &connects);
  connects_ += connects;
  if (code != CURLE_OK) {
    result.error = curl_easy_strerror(code);
    result.status = 0;
    return result;
  }
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &result.status);
  return result;
}

// ---- RawConnection (Boost.Asio) --------------------------------------------------------------------

struct RawConnection::Impl {
  net::io_context io;
  tcp::socket socket{io};
  std::string received;  // bytes read but not yet returned as a response
  bool closed = false;   // the server closed (EOF or reset)
};

RawConnection::RawConnection(std::uint16_t port, std::string host, std::string source)
    : impl_(std::make_unique<Impl>()) {
  boost::system::error_code ec;
  const tcp::endpoint endpoint(net::ip::make_address(host, ec), port);
  if (!ec && !source.empty()) {
    impl_->socket.open(endpoint.protocol(), ec);
    if (!ec) impl_->socket.bind(tcp::endpoint(net::ip::make_address(source, ec), 0), ec);
  }
  if (!ec) impl_->socket.connect(endpoint, ec);
  if (ec) throw std::runtime_error("cannot connect to " + host + ":" + std::to_string(port) + ": " + ec.message());
}

RawConnection::~RawConnection() {
  boost::system::error_code ignored;
  impl_->socket.close(ignored);
}

bool RawConnection::send(std::string_view bytes) {
  boost::system::error_code ec;
  net::write(impl_->socket, net::buffer(bytes.data(), bytes.size()), ec);
  return !ec;
}

bool RawConnection::read_more(std::chrono::steady_clock::time_point deadline) {
  if (impl_->closed) return false;
  char chunk[8192];
  bool got = false;
  boost::system::error_code result;
  impl_->socket.async_read_some(net::buffer(chunk), [&](const boost::system::error_code& ec, std::size_t n) {
    result = ec;
    impl_->received.append(chunk, n);
    got = true;
  });
  impl_->io.restart();
  impl_->io.run_until(deadline);
  if (!got) {  // timed out: cancel and let the handler run before `chunk` goes away
    impl_->socket.cancel();
    impl_->io.restart();
    impl_->io.run();
    return false;
  }
  if (result) {
    impl_->closed = true;
    return false;
  }
  return true;
}

namespace {

// Parses one complete response from the front of `data`; returns how many bytes it used, or 0 when
// more bytes are needed. `at_eof` allows a body delimited by the end of the connection.
std::size_t parse_response(std::string_view data, bool at_eof, HttpResult& out) {
  const auto head_end = data.find("\r\n\r\n");
  if (head_end == std::string_view::npos) return 0;
  HttpResult result;
  std::string_view head = data.substr(0, head_end + 2);
  const auto first_eol = head.find("\r\n");
  const std::string_view status_line = head.substr(0, first_eol);
  const auto space = status_line.find(' ');
  if (space == std::string_view::npos) throw std::runtime_error("bad status line: " + std::string(status_line));
  result.status = std::stol(std::string(status_line.substr(space + 1, 3)));
  head.remove_prefix(first_eol + 2);
  while (!head.empty()) {
    const auto eol = head.find("\r\n");
    add_header_line(head.substr(0, eol), result.headers);
    head.remove_prefix(eol + 2);
  }
  std::size_t pos = head_end + 4;
  if (result.status / 100 == 1) {  // 100 Continue: report it as consumed, the caller reads on
    out = std::move(result);
    return pos;
  }
  if (http::iequals(result.header("Transfer-Encoding"), "chunked")) {
    while (true) {
      const auto eol = data.find("\r\n", pos);
      if (eol == std::string_view::npos) return 0;
      const std::size_t size = std::stoul(std::string(data.substr(pos, eol - pos)), nullptr, 16);
      if (data.size() < eol + 2 + size + 2) return 0;
      result.body.append(data.substr(eol + 2, size));
      pos = eol + 2 + size + 2;
      if (size == 0) break;  // no trailers are sent by our server
    }
  } else if (auto length = result.headers.get("Content-Length")) {
    const std::size_t size = std::stoul(std::string(*length));
    if (data.size() < pos + size) return 0;
    result.body = std::string(data.substr(pos, size));
    pos += size;
  } else {
    if (!at_eof) return 0;
    result.body = std::string(data.substr(pos));
    pos = data.size();
  }
  out = std::move(result);
  return pos;
}

}  // namespace

HttpResult RawConnection::read_response(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    HttpResult result;
    const std::size_t used = parse_response(impl_->received, impl_->closed, result);
    if (used > 0) {
      impl_->received.erase(0, used);
      if (result.status / 100 == 1) continue;
      return result;
    }
    if (!read_more(deadline)) {
      if (impl_->closed && !impl_->received.empty()) {
        if (parse_response(impl_->received, true, result) > 0) {
          impl_->received.clear();
          return result;
        }
      }
      HttpResult failed;
      failed.error = impl_->closed ? "connection closed" : "timed out";
      return failed;
    }
  }
}

bool RawConnection::wait_for_close(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!impl_->closed) {
    if (!read_more(deadline) && !impl_->closed) return false;
  }
  return true;
}

HttpResult RawConnection::exchange(std::string_view bytes, std::chrono::milliseconds timeout) {
  if (!send(bytes)) {
    HttpResult failed;
    failed.error = "send failed";
    return failed;
  }
  return read_response(timeout);
}

std::string raw_get(std::string_view target, std::string_view extra_headers) {
  std::string request = "GET " + std::string(target) + " HTTP/1.1\r\nHost: localhost\r\n";
  request += extra_headers;
  request += "\r\n";
  return request;
}

}  // namespace vellum::test
