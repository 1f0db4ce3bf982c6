#include "http/router.hpp"

#include <algorithm>
#include <stdexcept>

namespace vellum::http {

namespace {

std::vector<std::string> split_pattern(std::string_view pattern) {
  if (pattern.empty() || pattern.front() != '/') {
    throw std::invalid_argument("route pattern must start with '/': " + std::string(pattern));
  }
  std::vector<std::string> parts;
  if (pattern == "/") return parts;  // the root has no segments, as Boost.URL sees "/"
  std::string_view rest = pattern.substr(1);
  while (true) {
    auto slash = rest.find('/');
    parts.emplace_back(rest.substr(0, slash));
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }
  return parts;
}

bool has_nul(const Params& params) {
  for (const auto& [name, value] : params) {
    if (value.find('\0') != std::string::npos) return true;
  }
  return false;
}

}  // namespace

Router& Router::add(std::string method, std::string_view pattern, Handler handler) {
  Route route{std::move(method), std::string(pattern), {}, std::move(handler)};
  auto parts = split_pattern(pattern);
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::string& part = parts[i];
    Segment segment;
    if (!part.empty() && (part.front() == ':' || part.front() == '*')) {
      segment.kind = part.front() == ':' ? Segment::Kind::param : Segment::Kind::tail;
      segment.text = part.substr(1);
      if (segment.text.empty()) throw std::invalid_argument("unnamed parameter in route " + route.pattern);
      if (segment.kind == Segment::Kind::tail && i + 1 != parts.size()) {
        throw std::invalid_argument("a '*' parameter must be last in route " + route.pattern);
      }
    } else {
      segment.text = part;
    }
    route.segments.push_back(std::move(segment));
  }
  routes_.push_back(std::move(route));
  return *this;
}

bool Router::match(const Route& route, const std::vector<std::string>& path, Params& params) {
  params.clear();
  std::size_t i = 0;
  for (const Segment& segment : route.segments) {
    if (segment.kind == Segment::Kind::tail) {
      if (i >= path.size()) return false;
      std::string rest = path[i];
      for (++i; i < path.size(); ++i) rest += "/" + path[i];
      params.add(segment.text, std::move(rest));
      return true;
    }
    if (i >= path.size()) return false;
    if (segment.kind == Segment::Kind::param) {
      params.add(segment.text, path[i]);
    } else if (segment.text != path[i]) {
      return false;
    }
    ++i;
  }
  return i == path.size();
}

Response Router::handle(Request& request) const {
  std::vector<std::string_view> allowed;  // methods of routes whose path matched
  Params params;
  for (const Route& route : routes_) {
    if (!match(route, request.segments, params)) continue;
    if (route.method != request.method) {
      if (std::find(allowed.begin(), allowed.end(), route.method) == allowed.end()) allowed.push_back(route.method);
      continue;
    }
    // A decoded NUL ("%00") would truncate names in C APIs and file systems further down.
    if (has_nul(params)) return Response::error(400, "Invalid path");
    request.params = std::move(params);
    return route.handler(request);
  }
  if (!allowed.empty()) {
    std::string allow;
    for (auto method : allowed) allow.append(allow.empty() ? "" : ", ").append(method);
    Response response = Response::error(405, "Method not allowed");
    response.headers.set("Allow", allow);
    return response;
  }
  return Response::error(404, "Not found");
}

}  // namespace vellum::http
