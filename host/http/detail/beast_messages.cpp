#include "http/detail/beast_messages.hpp"

#include <algorithm>

#include <boost/beast/http/error.hpp>
#include <spdlog/spdlog.h>

namespace vellum::http::detail {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

namespace {

std::string_view sv(beast::string_view s) noexcept { return {s.data(), s.size()}; }

bool framing_field(std::string_view name) noexcept {
  return iequals(name, "Content-Length") || iequals(name, "Transfer-Encoding") || iequals(name, "Connection");
}

bool safe_field(std::string_view name, std::string_view value) noexcept {
  auto bad = [](char c) { return c == '\r' || c == '\n' || c == '\0'; };
  return !name.empty() && std::none_of(name.begin(), name.end(), bad) &&
         std::none_of(value.begin(), value.end(), bad) && name.find(':') == std::string_view::npos;
}

bool valid_status(int status) noexcept { return status >= 100 && status <= 999; }

bool has_no_body(int status) noexcept { return status / 100 == 1 || status == 204 || status == 304; }

template <class Message>
void copy_head(const Response& response, Message& out, unsigned version, bool keep_alive) {
  out.version(version);
  out.result(static_cast<unsigned>(valid_status(response.status) ? response.status : 500));
  for (const auto& [name, value] : response.headers) {
    if (framing_field(name)) continue;
    if (!safe_field(name, value)) {
      spdlog::warn("http: dropped response header with a forbidden character: {}", name);
      continue;
    }
    out.insert(name, value);
  }
  out.keep_alive(keep_alive);
}

}  // namespace

bool to_request(BeastRequest&& in, Request& out) {
  out.method = std::string(sv(in.method_string()));
  if (!parse_target(sv(in.target()), out)) return false;
  out.version = in.version();
  for (const auto& field : in) out.headers.add(sv(field.name_string()), sv(field.value()));
  // RFC 9112 §3.2.2: for an absolute-form target the server must ignore Host and use the target's
  // authority. Replacing the field (rather than refusing a mismatch) keeps one rule for everything
  // downstream that reads Host, the MCP endpoint's DNS-rebinding check among them: it checks the
  // authority the request is really addressed to, and "GET http://evil.example/mcp" with "Host:
  // localhost" is judged as evil.example.
  if (auto authority = target_authority(out.target)) out.headers.set("Host", *authority);
  out.body = std::move(in.body());
  return true;
}

BeastResponse to_beast(Response&& response, unsigned version, bool keep_alive, bool head) noexcept {
  try {
    if (!valid_status(response.status)) {
      spdlog::error("http: handler returned invalid status {}", response.status);
      response = internal_error();
    }
    BeastResponse out;
    copy_head(response, out, version, keep_alive);
    if (has_no_body(response.status)) return out;
    const std::size_t size = response.body.size();
    if (!head) out.body() = std::move(response.body);
    out.content_length(size);
    return out;
  } catch (const std::exception& e) {  // allocation failure: answer something minimal
    spdlog::error("http: could not build response: {}", e.what());
    BeastResponse out{bhttp::status::internal_server_error, version};
    out.keep_alive(false);
    return out;
  }
}

BeastStreamHeader to_stream_header(const Response& response, unsigned version, bool keep_alive,
                                   bool chunked) noexcept {
  try {
    BeastStreamHeader out;
    if (!valid_status(response.status)) spdlog::error("http: handler returned invalid status {}", response.status);
    copy_head(response, out, version, keep_alive);
    out.chunked(chunked);
    return out;
  } catch (const std::exception& e) {
    spdlog::error("http: could not build stream header: {}", e.what());
    BeastStreamHeader out{bhttp::status::internal_server_error, version};
    out.keep_alive(false);
    out.chunked(chunked);
    return out;
  }
}

int status_for_read_error(const beast::error_code& ec) noexcept {
  if (ec.category() != bhttp::make_error_code(bhttp::error::bad_target).category()) return 0;
  // The peer closed the connection between or during requests: nobody to answer.
  if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message) return 0;
  return 400;
}

}  // namespace vellum::http::detail
