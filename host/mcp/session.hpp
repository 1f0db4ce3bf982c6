// One MCP session: who opened it (fixed at initialize, like the reference server), what was
// negotiated, the client's log level, the requests in flight (so notifications/cancelled can reach
// them) and the server-to-client requests waiting for their answers. Shared by the transport and the
// threads running the session's requests; every member is safe to use from several threads.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>

#include "http/auth.hpp"
#include "mcp/jsonrpc.hpp"
#include "mcp/protocol.hpp"

namespace vellum::mcp {

using SteadyTime = std::chrono::steady_clock::time_point;
using CancelFlag = std::shared_ptr<std::atomic<bool>>;

// A reply to a request the server sent the client (sampling, elicitation).
struct ClientReply {
  json value;  // the result, or the error object when `is_error`
  bool is_error = false;
};

class Session {
 public:
  Session(std::string id, http::Caller caller, SteadyTime now);

  [[nodiscard]] const std::string& id() const noexcept { return id_; }
  [[nodiscard]] const http::Caller& caller() const noexcept { return caller_; }
  [[nodiscard]] SteadyTime created_at() const noexcept { return created_at_; }

  // Records what initialize negotiated; false when the session was initialized already.
  bool initialize(std::string protocol_version, json client_info, json client_capabilities);
  [[nodiscard]] bool initialized() const;
  [[nodiscard]] std::string protocol_version() const;
  // Whether the client declared a capability at initialize ("sampling", "elicitation", "roots").
  [[nodiscard]] bool client_supports(std::string_view capability) const;
  [[nodiscard]] json client_info() const;

  [[nodiscard]] LogLevel log_level() const noexcept { return log_level_.load(); }
  void set_log_level(LogLevel level) noexcept { log_level_.store(level); }

  void touch(SteadyTime now);
  [[nodiscard]] SteadyTime last_seen() const;

  // In-flight requests. begin_request returns nullptr when a request with that id is running already.
  [[nodiscard]] CancelFlag begin_request(const json& id);
  void end_request(const json& id);
  void cancel(const json& id);
  void cancel_all();
  // Whether a request of this session is running (such a session is never evicted to make room).
  [[nodiscard]] bool busy() const;

  // Server-to-client requests: a fresh id, then wait for the client's reply (or give up).
  [[nodiscard]] json open_client_request();
  [[nodiscard]] std::optional<ClientReply> wait_client_reply(const json& id, std::chrono::milliseconds timeout,
                                                             const std::atomic<bool>& cancelled);
  // Delivers a response from the client; false when nothing was waiting for it.
  bool deliver_client_reply(const json& id, ClientReply reply);

  void subscribe(const std::string& uri);
  void unsubscribe(const std::string& uri);
  [[nodiscard]] bool subscribed(const std::string& uri) const;

 private:
  const std::string id_;
  const http::Caller caller_;
  const SteadyTime created_at_;
  std::atomic<LogLevel> log_level_{LogLevel::info};

  mutable std::mutex mutex_;
  std::condition_variable replies_changed_;
  bool initialized_ = false;
  std::string protocol_version_;
  json client_info_ = json::object();
  json client_capabilities_ = json::object();
  SteadyTime last_seen_;
  std::map<std::string, CancelFlag> in_flight_;
  std::int64_t next_client_request_ = 0;
  std::map<std::string, std::optional<ClientReply>> awaiting_;
  std::set<std::string> subscriptions_;
};

using SessionPtr = std::shared_ptr<Session>;

}  // namespace vellum::mcp
