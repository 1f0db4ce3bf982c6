#include "mcp/http_endpoint.hpp"

#include <algorithm>
#include <cctype>

#include <spdlog/spdlog.h>

#include "common/bounded_json.hpp"
#include "common/redact.hpp"
#include "mcp/protocol.hpp"

namespace vellum::mcp {

namespace {

constexpr std::string_view kSessionHeader = "MCP-Session-Id";
constexpr std::string_view kVersionHeader = "MCP-Protocol-Version";
// JSON-RPC batches came with 2025-03-26 and left again with 2025-06-18.
constexpr std::string_view kBatchVersion = "2025-03-26";
constexpr std::size_t kMaxBatchMessages = 64;

// Transport refusals carry a JSON-RPC error body with id null, as the reference SDK's do.
http::Response refusal(int status, std::string_view message, int code = rpc::kServerError) {
  return http::Response::json(status, make_error(nullptr, code, message));
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

// Whether an Accept header admits `type` ("application/json"), wildcards included.
bool accepts(std::string_view accept, std::string_view type) {
  const std::string header = lower(accept);
  const std::string family = std::string(type.substr(0, type.find('/'))) + "/*";
  std::size_t start = 0;
  while (start <= header.size()) {
    const auto end = std::min(header.find(',', start), header.size());
    std::string item = header.substr(start, end - start);
    item = item.substr(0, item.find(';'));
    item.erase(0, item.find_first_not_of(" \t"));
    item.erase(item.find_last_not_of(" \t") + 1);
    if (item == type || item == family || item == "*/*") return true;
    start = end + 1;
  }
  return false;
}

bool same_caller(const http::Caller& a, const http::Caller& b) {
  return a.kind == b.kind && a.token_id == b.token_id;
}

http::Response json_reply(const json& message) { return http::Response::json(200, message); }

http::Response too_many_requests(const http::RateLimiter::Decision& decision) {
  auto response = refusal(429, "Rate limit exceeded");
  response.headers.set("Retry-After", std::to_string(decision.retry_after.count()));
  return response;
}

}  // namespace

HttpEndpoint::HttpEndpoint(Catalogue catalogue, DispatcherOptions dispatcher_options, api::GuardContext& guard,
                           HttpEndpointOptions options)
    : dispatcher_(std::move(catalogue), std::move(dispatcher_options)),
      guard_(guard),
      options_(std::move(options)),
      sessions_(options_.sessions),
      limiter_(http::RateLimits{options_.rate_limit_window, options_.rate_limit_requests,
                                options_.rate_limit_initialize, 0}) {}

HttpEndpoint::~HttpEndpoint() {
  sessions_.clear();
  workers_.wait_idle();
}

http::Response HttpEndpoint::handle(const http::Request& request) {
  try {
    return dispatch(request);
  } catch (const std::exception& e) {
    spdlog::error("mcp: {} {} failed: {}", request.method, redact_target(request.path), e.what());
  } catch (...) {
    spdlog::error("mcp: {} {} failed with a non-exception", request.method, redact_target(request.path));
  }
  return refusal(500, "Internal error", rpc::kInternalError);
}

http::Response HttpEndpoint::dispatch(const http::Request& request) {
  if (auto why = options_.origins.check(request); !why.empty()) return refusal(403, why);
  if (request.method == "GET") {
    auto response = refusal(405, "Method Not Allowed: this server sends no stream outside a request");
    response.headers.set("Allow", "POST, DELETE");
    return response;
  }
  auto caller = guard_.auth.authenticate(request);
  if (!caller) {
    spdlog::error("mcp: authentication failed: {}", caller.error().message);
    return refusal(503, "Authentication is unavailable");
  }
  if (!caller->authenticated()) {
    if (auto decision = api::count_failed_authentication(guard_, request); !decision.allowed) {
      return too_many_requests(decision);
    }
    auto response = refusal(401, "Unauthorized");
    response.headers.set("WWW-Authenticate", "Bearer");
    return response;
  }
  if (request.method == "DELETE") return end_session(request, *caller);
  return post(request, *caller);
}

http::Response HttpEndpoint::post(const http::Request& request, const http::Caller& caller) {
  const auto accept = request.header("Accept").value_or("");
  if (!accepts(accept, "application/json") || !accepts(accept, "text/event-stream")) {
    return refusal(406, "Not Acceptable: Client must accept both application/json and text/event-stream");
  }
  if (lower(request.header("Content-Type").value_or("")).find("application/json") == std::string::npos) {
    return refusal(415, "Unsupported Media Type: Content-Type must be application/json");
  }
  if (auto version = request.header(kVersionHeader); version && !is_supported_protocol_version(*version)) {
    return refusal(400, "Bad Request: Unsupported protocol version: " + std::string(*version));
  }
  auto body = parse_bounded_json(request.body, kRequestJsonLimits);
  if (!body) return refusal(400, "Parse error: " + body.error().message, rpc::kParseError);
  if (body->is_array()) return post_batch(request, caller, *body);
  Message message = classify(*body);
  if (message.kind == MessageKind::invalid) {
    return http::Response::json(400, make_error(message.id, rpc::kInvalidRequest, "Invalid Request: " + message.problem));
  }
  if (message.kind == MessageKind::request && message.method == "initialize") return initialize(message, caller);

  auto found = session_for(request, caller);
  if (auto* refused = std::get_if<http::Response>(&found)) return std::move(*refused);
  const SessionPtr session = std::get<SessionPtr>(std::move(found));
  if (auto decision = limiter_.check(http::RouteClass::general, "mcp:" + session->id()); !decision.allowed) {
    return too_many_requests(decision);
  }
  session->touch(std::chrono::steady_clock::now());
  spdlog::debug("mcp: session {}: {} {}", session->id().substr(0, 8), message.method.empty() ? "response" : message.method,
                message.id.is_null() ? "" : message.id.dump());

  http::Response response;
  switch (message.kind) {
    case MessageKind::notification:
      dispatcher_.handle_notification(*session, message);
      response.status = 202;
      break;
    case MessageKind::response:
      dispatcher_.handle_response(*session, message);
      response.status = 202;
      break;
    default:
      if (Dispatcher::streams(message)) {
        response = stream_request(session, std::move(message));
      } else if (auto reply = dispatcher_.handle_request(*session, message, {})) {
        response = json_reply(*reply);
      } else {
        response = json_reply(make_error(message.id, rpc::kServerError, "Request cancelled"));
      }
  }
  response.headers.set(kSessionHeader, session->id());
  return response;
}

http::Response HttpEndpoint::post_batch(const http::Request& request, const http::Caller& caller, const json& batch) {
  auto invalid = [](std::string problem) {
    return http::Response::json(400, make_error(nullptr, rpc::kInvalidRequest, "Invalid Request: " + problem));
  };
  if (batch.empty()) return invalid("an empty batch");
  if (batch.size() > kMaxBatchMessages) {
    return invalid("a batch holds at most " + std::to_string(kMaxBatchMessages) + " messages");
  }
  // initialize never comes in a batch, so a batch always belongs to a session.
  auto found = session_for(request, caller);
  if (auto* refused = std::get_if<http::Response>(&found)) return std::move(*refused);
  const SessionPtr session = std::get<SessionPtr>(std::move(found));
  if (session->protocol_version() != kBatchVersion) {
    return invalid("Batch requests are not supported in protocol version " + session->protocol_version() +
                   " (MCP has them only in " + std::string(kBatchVersion) + ")");
  }
  if (auto decision = limiter_.check(http::RouteClass::general, "mcp:" + session->id()); !decision.allowed) {
    return too_many_requests(decision);
  }
  session->touch(std::chrono::steady_clock::now());

  // In order, one at a time; answers in the order of the requests (notifications and responses get none).
  json replies = json::array();
  for (const auto& item : batch) {
    Message message = classify(item);
    switch (message.kind) {
      case MessageKind::invalid:
        replies.push_back(make_error(message.id, rpc::kInvalidRequest, "Invalid Request: " + message.problem));
        break;
      case MessageKind::notification:
        dispatcher_.handle_notification(*session, message);
        break;
      case MessageKind::response:
        dispatcher_.handle_response(*session, message);
        break;
      case MessageKind::request:
        if (message.method == "initialize") {
          replies.push_back(make_error(message.id, rpc::kInvalidRequest,
                                       "Invalid Request: initialize must not be part of a batch"));
        } else if (auto reply = dispatcher_.handle_request(*session, message, {})) {
          replies.push_back(std::move(*reply));
        } else {
          replies.push_back(make_error(message.id, rpc::kServerError, "Request cancelled"));
        }
        break;
    }
  }
  http::Response response;
  if (replies.empty()) {
    response.status = 202;
  } else {
    response = json_reply(replies);
  }
  response.headers.set(kSessionHeader, session->id());
  return response;
}

http::Response HttpEndpoint::initialize(const Message& message, const http::Caller& caller) {
  // Opening sessions is limited per token, so a token cannot churn through sessions (each one evicts
  // an older one at the limits) faster than this.
  if (auto decision = limiter_.check(http::RouteClass::expensive, "mcp:" + caller.rate_key()); !decision.allowed) {
    return too_many_requests(decision);
  }
  auto created = sessions_.create(caller, std::chrono::steady_clock::now());
  if (!created) {
    const bool full = created.error().kind == sdk::ErrorKind::unavailable;
    return refusal(full ? 503 : 429, created.error().message);
  }
  const SessionPtr session = std::move(created).value();
  auto reply = dispatcher_.handle_request(*session, message, {});
  if (!reply || reply->contains("error")) {
    // A failed initialize leaves nothing behind: the client has no id to use it with anyway.
    sessions_.remove(session->id());
    return json_reply(reply ? *reply : make_error(message.id, rpc::kInternalError, "initialize was cancelled"));
  }
  auto response = json_reply(*reply);
  response.headers.set(kSessionHeader, session->id());
  return response;
}

http::Response HttpEndpoint::end_session(const http::Request& request, const http::Caller& caller) {
  auto found = session_for(request, caller);
  if (auto* refused = std::get_if<http::Response>(&found)) return std::move(*refused);
  sessions_.remove(std::get<SessionPtr>(found)->id());
  http::Response response;
  response.status = 200;
  return response;
}

std::variant<SessionPtr, http::Response> HttpEndpoint::session_for(const http::Request& request,
                                                                   const http::Caller& caller) {
  const auto id = request.header(kSessionHeader);
  if (!id || id->empty()) return refusal(400, "Bad Request: Mcp-Session-Id header is required");
  SessionPtr session = sessions_.find(std::string(*id), std::chrono::steady_clock::now());
  if (!session) return refusal(404, "Session not found");
  // A session belongs to the token that opened it: another valid token cannot ride on its id.
  if (!same_caller(session->caller(), caller)) return refusal(403, "Forbidden: the session belongs to another token");
  return session;
}

http::Response HttpEndpoint::stream_request(const SessionPtr& session, Message message) {
  auto stream = std::make_shared<SseStream>();
  const json id = message.id;
  auto work = [this, session, stream, message = std::move(message)] {
    auto reply = dispatcher_.handle_request(*session, message, [&stream](const json& m) { stream->push(m); });
    if (reply) stream->push(*reply);
    stream->finish();
  };
  if (!workers_.spawn(std::move(work))) return refusal(503, "Server busy", rpc::kInternalError);
  // A client that disconnects mid-call has given up on the answer: cancel the work (transport spec:
  // disconnection is not cancellation in general, but nothing could deliver the result now).
  return sse_response(stream, options_.sse, [session, id] { session->cancel(id); });
}

void mount(http::Router& router, std::shared_ptr<HttpEndpoint> endpoint, std::string_view path) {
  auto handler = [endpoint](const http::Request& request) { return endpoint->handle(request); };
  router.add("POST", path, handler);
  router.add("GET", path, handler);
  router.add("DELETE", path, handler);
}

}  // namespace vellum::mcp
