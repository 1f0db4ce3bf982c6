// Maps (method, path pattern) to handlers, first match in registration order.
//   "/api/articles"            exact
//   "/api/articles/:slug"      one segment, percent-decoded, into params "slug"
//   "/api/articles/*rest"      tail: one or more remaining segments, decoded and joined with '/'
// No match → 404 {"error":"Not found"}; a path that matches with another method → 405 with Allow.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "http/request.hpp"
#include "http/response.hpp"

namespace vellum::http {

using Handler = std::function<Response(const Request&)>;

class Router {
 public:
  // Throws std::invalid_argument on a malformed pattern (start-up time, never on the data path).
  Router& add(std::string method, std::string_view pattern, Handler handler);

  // Finds the route, fills `request.params` and calls its handler. Exceptions from the handler
  // propagate: the server turns them into 500s.
  Response handle(Request& request) const;

 private:
  struct Segment {
    enum class Kind { literal, param, tail } kind = Kind::literal;
    std::string text;  // literal text or parameter name
  };
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<Segment> segments;
    Handler handler;
  };

  [[nodiscard]] static bool match(const Route& route, const std::vector<std::string>& path, Params& params);

  std::vector<Route> routes_;
};

}  // namespace vellum::http
