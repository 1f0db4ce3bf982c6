// What differs between Ollama's and OpenAI's embedding APIs: where to POST, which headers, the
// request body and how to read vectors out of the reply. Everything else (batching, limits, HTTP,
// error classification, validation) is shared in HttpProvider.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "vellum/sdk/result.hpp"
#include "vellum/sdk/types.hpp"

namespace vellum::embedding_http {

class WireProtocol {
 public:
  virtual ~WireProtocol() = default;

  // The full URL to POST to.
  [[nodiscard]] virtual const std::string& endpoint() const = 0;
  // Protocol headers (Authorization…); the user's extra headers are added after them.
  [[nodiscard]] virtual std::vector<std::string> headers() const = 0;
  [[nodiscard]] virtual std::string request_body(std::span<const std::string_view> inputs) const = 0;
  // One vector per input, in input order, each validated with parse_vector(); a malformed body is
  // permanent, a wrong count or size bad_dimension. Parse errors must be returned, not thrown.
  [[nodiscard]] virtual sdk::Result<std::vector<sdk::Vector>> parse_reply(std::string_view body,
                                                                          std::size_t inputs) const = 0;
};

}  // namespace vellum::embedding_http
