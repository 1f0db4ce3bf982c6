// libFuzzer target: arbitrary bytes as one HTTP request → Beast's parser (the server's limits) → our
// Request → the router with every REST route and /mcp (fuzz_harness.hpp) → the response as the
// server would write it. Nothing here may crash, hang or throw: the server would turn a handler's
// exception into a 500, but exceptions on the data path are against our rules, so an escaping one is
// reported as a finding.
//
// The first byte chooses the caller: odd = the admin token is added (unless the input sends its own
// Authorization), so the fuzzer reaches the handlers behind authentication; even = as sent.
#include <cstdint>
#include <cstdlib>

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/parser.hpp>

#include "fuzz_harness.hpp"
#include "http/detail/beast_messages.hpp"
#include "http/detail/request_framing.hpp"

namespace {

using namespace vellum;

constexpr std::size_t kMaxHeaderBytes = 16384;  // the server's defaults (config/vellum.yaml)
constexpr std::size_t kMaxBodyBytes = 1 << 20;

// One request out of `bytes` as the server's reader would take it; false when it would answer 400
// (or close) without calling a handler.
bool parse(const std::uint8_t* data, std::size_t size, http::detail::BeastRequest& out) {
  namespace bhttp = boost::beast::http;
  bhttp::request_parser<bhttp::string_body> parser;
  parser.header_limit(kMaxHeaderBytes);
  parser.body_limit(kMaxBodyBytes);
  parser.eager(true);
  boost::beast::error_code ec;
  std::size_t used = 0;
  // Every call consumes bytes or stops: bounded by `size` iterations.
  while (used < size && !parser.is_done()) {
    const auto n = parser.put(boost::asio::buffer(data + used, size - used), ec);
    if (ec == bhttp::error::need_more) break;
    if (ec) return false;
    if (n == 0) break;
    used += n;
  }
  if (!parser.is_done()) {
    parser.put_eof(ec);
    if (ec || !parser.is_done()) return false;
  }
  if (!http::detail::framing_problem(parser.get()).empty()) return false;  // as Connection::on_header
  out = parser.release();
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  auto& router = fuzz::router(fuzz::harness());
  const bool as_admin = (data[0] & 1) != 0;
  http::detail::BeastRequest beast_request;
  if (!parse(data + 1, size - 1, beast_request)) return 0;
  const unsigned version = beast_request.version();
  const bool head = beast_request.method() == boost::beast::http::verb::head;
  http::Request request;
  if (!http::detail::to_request(std::move(beast_request), request)) return 0;
  request.remote_address = "127.0.0.1";
  if (as_admin && !request.header("authorization")) {
    request.headers.add("Authorization", std::string("Bearer ") + fuzz::kAdminToken);
  }
  auto response = router.handle(request);
  fuzz::drain(response);
  auto written = http::detail::to_beast(std::move(response), version, true, head);
  if (written.result_int() < 100 || written.result_int() > 999) std::abort();  // to_beast promises a valid status
  return 0;
}
