// What a tool, resource or prompt handler sees of the request it serves: the caller, the session's
// negotiated state, and the ways to talk back while it runs — progress, log messages, questions to
// the client (sampling, elicitation) — plus whether the client has cancelled it.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "mcp/jsonrpc.hpp"
#include "mcp/session.hpp"
#include "vellum/sdk/result.hpp"

namespace vellum::mcp {

// Where a request's messages to the client go while it runs: its POST's SSE stream, or stdout.
using Outbound = std::function<void(const json& message)>;

class RequestContext {
 public:
  RequestContext(Session& session, json request_id, json progress_token, Outbound outbound,
                 const std::atomic<bool>& cancelled)
      : session_(session),
        request_id_(std::move(request_id)),
        progress_token_(std::move(progress_token)),
        outbound_(std::move(outbound)),
        cancelled_(cancelled) {}

  [[nodiscard]] const http::Caller& caller() const noexcept { return session_.caller(); }
  [[nodiscard]] Session& session() noexcept { return session_; }
  [[nodiscard]] const json& request_id() const noexcept { return request_id_; }
  [[nodiscard]] bool cancelled() const noexcept { return cancelled_.load(); }

  // notifications/progress, when the request carried _meta.progressToken; otherwise nothing.
  void progress(double progress, std::optional<double> total = std::nullopt,
                std::optional<std::string> message = std::nullopt);
  // notifications/message, when `level` is at or above the session's level.
  void log(LogLevel level, json data, std::string_view logger = "vellum");

  // Sends a request to the client and waits for its answer. invalid_argument when the client did not
  // declare `capability`; cancelled when the request was cancelled; unavailable on timeout;
  // permanent when the client answered with an error.
  [[nodiscard]] sdk::Result<json> ask_client(std::string_view method, json params, std::string_view capability,
                                             std::chrono::milliseconds timeout = std::chrono::seconds(60));

 private:
  Session& session_;
  json request_id_;
  json progress_token_;
  Outbound outbound_;
  const std::atomic<bool>& cancelled_;
};

}  // namespace vellum::mcp
