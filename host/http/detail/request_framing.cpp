#include "http/detail/request_framing.hpp"

#include <iterator>

#include <boost/url/authority_view.hpp>

#include "http/headers.hpp"

namespace vellum::http::detail {

namespace bhttp = boost::beast::http;

namespace {

std::string_view trimmed(boost::beast::string_view value) noexcept {
  std::string_view text(value.data(), value.size());
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

// Host = uri-host [ ":" port ] (RFC 9110 §7.2); empty is allowed. No user information, no path.
bool valid_host(std::string_view value) {
  if (value.empty()) return true;
  auto authority = boost::urls::parse_authority(value);
  return authority && !authority->has_userinfo() && !authority->encoded_host().empty();
}

}  // namespace

std::string framing_problem(const BeastRequest& head) {
  const auto encodings = head.equal_range(bhttp::field::transfer_encoding);
  const auto encoding_count = std::distance(encodings.first, encodings.second);
  if (encoding_count > 0) {
    if (head.version() < 11) return "Transfer-Encoding is not allowed in HTTP/1.0";
    if (encoding_count > 1 || !iequals(trimmed(encodings.first->value()), "chunked")) {
      return "Unsupported Transfer-Encoding: only chunked is accepted";
    }
    if (head.count(bhttp::field::content_length) > 0) return "Transfer-Encoding and Content-Length together";
  }

  const auto hosts = head.equal_range(bhttp::field::host);
  const auto host_count = std::distance(hosts.first, hosts.second);
  if (host_count > 1) return "More than one Host header";
  if (host_count == 0 && head.version() >= 11) return "Missing Host header";
  if (host_count == 1 && !valid_host(trimmed(hosts.first->value()))) return "Invalid Host header";
  return {};
}

}  // namespace vellum::http::detail
