#include "common/bounded_json.hpp"

#include <string>

namespace vellum {

// A scan before the parse rather than a check inside nlohmann's parser callback: a callback may
// discard values but cannot stop the parse, so a 10 MiB body of '[' would still be read to its end,
// and every later copy or dump() of a deep value recurses once per level.
std::string json_shape_problem(std::string_view text, const JsonLimits& limits) {
  if (text.size() > limits.max_bytes) return "larger than " + std::to_string(limits.max_bytes) + " bytes";
  std::size_t depth = 0;
  std::size_t values = 1;
  bool in_string = false;
  bool escaped = false;
  for (const char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    switch (c) {
      case '"': in_string = true; break;
      case '[':
      case '{':
        if (++depth > limits.max_depth)
          return "nested deeper than " + std::to_string(limits.max_depth) + " levels";
        ++values;  // the first element of the new container; every further one follows a ','
        break;
      case ']':
      case '}':
        if (depth > 0) --depth;
        break;
      case ',':
        if (++values > limits.max_values) return "more than " + std::to_string(limits.max_values) + " values";
        break;
      default: break;
    }
  }
  return {};
}

sdk::Result<nlohmann::json> parse_bounded_json(std::string_view text, const JsonLimits& limits) {
  if (auto problem = json_shape_problem(text, limits); !problem.empty())
    return sdk::Error(sdk::ErrorKind::invalid_argument, "JSON " + problem);
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    // A parse_error, or an out_of_range for a number past double's range (1e99999): both are the
    // sender's. "[json.exception.parse_error.101] parse error at line 1, column 2: …" → from "parse".
    std::string reason = e.what();
    if (auto at = reason.find("] "); at != std::string::npos) reason.erase(0, at + 2);
    return sdk::Error(sdk::ErrorKind::invalid_argument, "JSON " + reason);
  }
}

}  // namespace vellum
