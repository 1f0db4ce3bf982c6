// What differs between the fake Ollama and the fake OpenAI: routes, request validation, the shape
// of answers and of error bodies. FakeProvider does the rest (counting, faults, vectors).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "http/request.hpp"
#include "http/response.hpp"
#include "vellum/sdk/types.hpp"

namespace vellum::test {

// A well-formed embedding request, as the service understood it.
struct EmbedCall {
  std::string model;
  std::vector<std::string> inputs;  // after any truncation the service applies
  std::size_t dimensions = 0;       // of the vectors to return
  bool base64 = false;              // OpenAI encoding_format "base64"
};

class FakeProtocol {
 public:
  virtual ~FakeProtocol() = default;

  // Is this a request for the embedding endpoint (right method and path)? Those count as calls.
  [[nodiscard]] virtual bool is_embed(const http::Request& request) const = 0;
  // Every other request: the service's other routes, or its 404/405 in its own words.
  [[nodiscard]] virtual http::Response other(const http::Request& request) const = 0;
  // Validates an embed request the way the service does; a refusal is the service's own answer.
  [[nodiscard]] virtual std::variant<EmbedCall, http::Response> parse(const http::Request& request) const = 0;
  [[nodiscard]] virtual http::Response answer(const EmbedCall& call, const std::vector<sdk::Vector>& vectors) const = 0;
  // An error in the service's format for a status the fault asks for (401, 429, 500, 503).
  [[nodiscard]] virtual http::Response fault_error(int status) const = 0;
};

}  // namespace vellum::test
