#include "mcp/request_context.hpp"

namespace vellum::mcp {

void RequestContext::progress(double progress, std::optional<double> total, std::optional<std::string> message) {
  if (progress_token_.is_null() || !outbound_) return;
  json params = {{"progressToken", progress_token_}, {"progress", progress}};
  if (total) params["total"] = *total;
  if (message) params["message"] = *message;
  outbound_(make_notification("notifications/progress", std::move(params)));
}

void RequestContext::log(LogLevel level, json data, std::string_view logger) {
  if (!outbound_ || level < session_.log_level()) return;
  outbound_(make_notification("notifications/message",
                              {{"level", to_string(level)}, {"logger", logger}, {"data", std::move(data)}}));
}

sdk::Result<json> RequestContext::ask_client(std::string_view method, json params, std::string_view capability,
                                             std::chrono::milliseconds timeout) {
  if (!session_.client_supports(capability)) {
    return sdk::Error(sdk::ErrorKind::invalid_argument,
                      "the client did not declare the " + std::string(capability) + " capability");
  }
  if (!outbound_) return sdk::Error(sdk::ErrorKind::unavailable, "this request cannot send messages to the client");
  const json id = session_.open_client_request();
  outbound_(make_request(id, method, std::move(params)));
  auto reply = session_.wait_client_reply(id, timeout, cancelled_);
  if (cancelled()) return sdk::Error(sdk::ErrorKind::cancelled, "the request was cancelled");
  if (!reply) return sdk::Error(sdk::ErrorKind::unavailable, "the client did not answer " + std::string(method));
  if (reply->is_error) {
    return sdk::Error(sdk::ErrorKind::permanent,
                      "the client refused " + std::string(method) + ": " + reply->value.value("message", "error"));
  }
  return std::move(reply->value);
}

}  // namespace vellum::mcp
