#include "http/request.hpp"

#include <stdexcept>

#include <boost/url/parse.hpp>
#include <boost/url/scheme.hpp>
#include <boost/url/url_view.hpp>

namespace vellum::http {

std::optional<std::string_view> Params::get(std::string_view name) const noexcept {
  for (const auto& [key, value] : entries_) {
    if (key == name) return std::string_view(value);
  }
  return std::nullopt;
}

std::string_view Params::get_or(std::string_view name, std::string_view fallback) const noexcept {
  auto value = get(name);
  return value ? *value : fallback;
}

std::vector<std::string_view> Params::all(std::string_view name) const {
  std::vector<std::string_view> values;
  for (const auto& [key, value] : entries_) {
    if (key == name) values.emplace_back(value);
  }
  return values;
}

namespace {

// The two request-target forms a server of resources accepts (RFC 9112 §3.2): origin form
// ("/a?b"), and absolute form ("http://h/a?b", which must name an http(s) host without user
// information). "//h/a" is an origin-form path with an empty first segment, not an authority, so
// the forms are told apart by the first character rather than parsed as one URI reference.
std::optional<boost::urls::url_view> parse_request_target(std::string_view target) {
  if (!target.empty() && target.front() == '/') {
    auto origin = boost::urls::parse_origin_form(target);
    if (!origin) return std::nullopt;
    return *origin;
  }
  auto absolute = boost::urls::parse_absolute_uri(target);
  if (!absolute) return std::nullopt;
  const auto scheme = absolute->scheme_id();
  const bool http_url = scheme == boost::urls::scheme::http || scheme == boost::urls::scheme::https;
  if (!http_url || !absolute->has_authority() || absolute->has_userinfo() || absolute->encoded_host().empty()) {
    return std::nullopt;
  }
  return *absolute;
}

}  // namespace

bool parse_target(std::string_view target, Request& request) {
  auto parsed = parse_request_target(target);
  if (!parsed) return false;
  const boost::urls::url_view& url = *parsed;

  request.target = std::string(target);
  request.path = std::string(url.encoded_path());
  if (request.path.empty()) request.path = "/";
  request.segments.clear();
  for (auto segment : url.encoded_segments()) request.segments.push_back(segment.decode());

  request.query.clear();
  if (url.has_query()) {
    // space_as_plus: HTML forms and most clients encode spaces in queries as '+'.
    const boost::urls::encoding_opts opts(/*space_as_plus=*/true, /*lower_case=*/false, /*disallow_null=*/false);
    for (auto param : url.params(opts)) request.query.add(param.key, param.has_value ? param.value : std::string());
  }
  return true;
}

std::optional<std::string> target_authority(std::string_view target) {
  if (target.empty() || target.front() == '/') return std::nullopt;
  auto parsed = parse_request_target(target);
  if (!parsed) return std::nullopt;
  return std::string(parsed->encoded_authority());
}

Request make_request(std::string method, std::string_view target, std::string body) {
  Request request;
  request.method = std::move(method);
  if (!parse_target(target, request)) throw std::invalid_argument("invalid request target: " + std::string(target));
  request.body = std::move(body);
  return request;
}

}  // namespace vellum::http
