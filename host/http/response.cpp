#include "http/response.hpp"

#include <nlohmann/json.hpp>

namespace vellum::http {

Response Response::json(int status, const nlohmann::json& value) {
  Response response;
  response.status = status;
  response.headers.set("Content-Type", "application/json");
  response.body = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return response;
}

Response Response::error(int status, std::string_view message) {
  return json(status, nlohmann::json{{"error", message}});
}

Response Response::text(int status, std::string body, std::string_view content_type) {
  Response response;
  response.status = status;
  response.headers.set("Content-Type", content_type);
  response.body = std::move(body);
  return response;
}

Response Response::stream(int status, std::string_view content_type, BodyProducer producer) {
  Response response;
  response.status = status;
  response.headers.set("Content-Type", content_type);
  response.producer = std::move(producer);
  return response;
}

Response internal_error() { return Response::error(500, "Internal server error"); }

Response too_large(std::uint64_t max_size, std::uint64_t received_size) {
  return Response::json(413, {{"error", "Request too large"}, {"maxSize", max_size}, {"receivedSize", received_size}});
}

}  // namespace vellum::http
