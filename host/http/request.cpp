#include "http/request.hpp"

#include <stdexcept>

#include <boost/url/parse.hpp>
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

bool parse_target(std::string_view target, Request& request) {
  auto parsed = boost::urls::parse_uri_reference(target);
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

Request make_request(std::string method, std::string_view target, std::string body) {
  Request request;
  request.method = std::move(method);
  if (!parse_target(target, request)) throw std::invalid_argument("invalid request target: " + std::string(target));
  request.body = std::move(body);
  return request;
}

}  // namespace vellum::http
