#include "mcp/origin_policy.hpp"

#include <algorithm>
#include <cctype>

namespace vellum::mcp {

namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

bool listed(const std::vector<std::string>& list, std::string_view value) {
  return std::any_of(list.begin(), list.end(), [&](const std::string& entry) {
    return entry == "*" || lower(entry) == value;
  });
}

}  // namespace

std::string host_name(std::string_view authority) {
  if (authority.empty()) return {};
  if (authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return {};
    const auto rest = authority.substr(close + 1);
    if (!rest.empty() && rest.front() != ':') return {};
    return lower(authority.substr(0, close + 1));
  }
  const auto colon = authority.find(':');
  const auto host = authority.substr(0, colon);
  if (host.empty() || host.find_first_of("/@ ") != std::string_view::npos) return {};
  return lower(host);
}

std::string OriginPolicy::check(const http::Request& request) const {
  const auto host = request.header("Host");
  if (!host || !listed(allowed_hosts, host_name(*host))) return "Forbidden: Host is not allowed";
  const auto origin = request.header("Origin");
  if (!origin) return {};
  if (listed(allowed_origins, lower(*origin))) return {};
  // Otherwise the origin's host must be one we serve: "http://localhost:5000" from a local page.
  const auto scheme_end = origin->find("://");
  if (scheme_end == std::string_view::npos) return "Forbidden: Origin is not allowed";
  const auto scheme = lower(origin->substr(0, scheme_end));
  if (scheme != "http" && scheme != "https") return "Forbidden: Origin is not allowed";
  const auto authority = origin->substr(scheme_end + 3);
  if (authority.find('/') != std::string_view::npos) return "Forbidden: Origin is not allowed";
  if (!listed(allowed_hosts, host_name(authority))) return "Forbidden: Origin is not allowed";
  return {};
}

}  // namespace vellum::mcp
