// The one way JSON from outside the process is parsed (REST bodies, MCP over HTTP and stdio, queue
// imports): a text deeper, larger or with more values than its limits is refused before any JSON
// value is built, so neither the stack nor the heap grows with what a client sends.
//
//   auto body = parse_bounded_json(request.body, kRequestJsonLimits);
//   if (!body) return error_response(body.error());  // invalid_argument, says which limit
#pragma once

#include <cstddef>
#include <string_view>

#include <nlohmann/json.hpp>

#include "vellum/sdk/result.hpp"

namespace vellum {

struct JsonLimits {
  std::size_t max_bytes = 0;
  std::size_t max_depth = 0;   // nested arrays and objects
  std::size_t max_values = 0;  // values of every kind, containers included (an upper bound is counted)
};

// A request or an MCP message: deeper than any of our schemas needs, values enough for the largest
// batch tool call; bytes are bounded by the transport (server.max_body_bytes, the stdio line limit).
inline constexpr JsonLimits kRequestJsonLimits{std::size_t{1} << 30, 64, 100'000};

// Why `text` exceeds `limits`, or "" when it does not. Reads bytes only: a string's contents never
// count, and malformed JSON is left for the parser to name. Exposed for the fuzz targets.
[[nodiscard]] std::string json_shape_problem(std::string_view text, const JsonLimits& limits);

// The parsed value; invalid_argument naming the exceeded limit, or the parser's reason and offset.
[[nodiscard]] sdk::Result<nlohmann::json> parse_bounded_json(std::string_view text, const JsonLimits& limits);

}  // namespace vellum
