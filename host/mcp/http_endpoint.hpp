// The Streamable HTTP transport (spec 2025-11-25, basic/transports) at one path, /mcp:
//   POST    one JSON-RPC message. Requests are answered with application/json, or — for tools/call,
//           which may report progress, log and ask the client questions — with text/event-stream;
//           notifications and responses with 202. initialize opens a session (MCP-Session-Id).
//   GET     405: we never push messages outside a request's own stream.
//   DELETE  ends the session; later requests with its id get 404.
// Before any of that: Host/Origin against the allow-list (403), the bearer token (401; failures count
// against the address's budget shared with REST, 429), the session's owner (403),
// MCP-Protocol-Version (400), per-session rate limit (429). initialize instead takes a per-token rate
// limit (429) and the session limits (429 per token, 503 in total; see SessionStore::create).
#pragma once

#include <memory>
#include <variant>

#include "api/route_guard.hpp"
#include "http/auth.hpp"
#include "http/rate_limit.hpp"
#include "http/router.hpp"
#include "mcp/dispatcher.hpp"
#include "mcp/origin_policy.hpp"
#include "mcp/session_store.hpp"
#include "mcp/sse_stream.hpp"
#include "mcp/worker_group.hpp"

namespace vellum::mcp {

struct HttpEndpointOptions {
  OriginPolicy origins;
  SessionLimits sessions;
  std::uint32_t rate_limit_requests = 100;  // per session and window; 0 = unlimited
  std::uint32_t rate_limit_initialize = 30;  // initialize requests per token and window; 0 = unlimited
  std::chrono::milliseconds rate_limit_window{60'000};
  SseOptions sse;
};

class HttpEndpoint {
 public:
  // `guard` is the REST API's: the same authenticator, and the same budget for failed credentials.
  HttpEndpoint(Catalogue catalogue, DispatcherOptions dispatcher_options, api::GuardContext& guard,
               HttpEndpointOptions options);
  ~HttpEndpoint();  // cancels every session's requests and waits for their threads
  HttpEndpoint(const HttpEndpoint&) = delete;
  HttpEndpoint& operator=(const HttpEndpoint&) = delete;

  // Never throws: unexpected failures are logged and answered 500 with a JSON-RPC error body.
  [[nodiscard]] http::Response handle(const http::Request& request);

  [[nodiscard]] SessionStore& sessions() noexcept { return sessions_; }
  [[nodiscard]] Dispatcher& dispatcher() noexcept { return dispatcher_; }

 private:
  [[nodiscard]] http::Response dispatch(const http::Request& request);
  [[nodiscard]] http::Response post(const http::Request& request, const http::Caller& caller);
  [[nodiscard]] http::Response initialize(const Message& message, const http::Caller& caller);
  // A JSON-RPC batch: only in a session that negotiated 2025-03-26, the one MCP version that has them.
  [[nodiscard]] http::Response post_batch(const http::Request& request, const http::Caller& caller,
                                          const json& batch);
  [[nodiscard]] http::Response end_session(const http::Request& request, const http::Caller& caller);
  [[nodiscard]] http::Response stream_request(const SessionPtr& session, Message message);
  // The request's session, or the response refusing it (400 missing, 404 unknown, 403 not yours).
  [[nodiscard]] std::variant<SessionPtr, http::Response> session_for(const http::Request& request,
                                                                     const http::Caller& caller);

  Dispatcher dispatcher_;
  api::GuardContext& guard_;
  HttpEndpointOptions options_;
  SessionStore sessions_;
  http::RateLimiter limiter_;  // general: each session's requests; expensive: each token's initializes
  WorkerGroup workers_;
};

// Mounts POST, GET and DELETE `path` on `router`; the router's handlers keep `endpoint` alive.
void mount(http::Router& router, std::shared_ptr<HttpEndpoint> endpoint, std::string_view path = "/mcp");

}  // namespace vellum::mcp
