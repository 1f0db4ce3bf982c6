// The HTTP transport's sessions: created by initialize under limits (in total and per token), found
// by their MCP-Session-Id, ended by DELETE, by idle expiry or by absolute age. Ids are 128 random
// bits in hex — visible ASCII, as the transport spec requires, and unguessable.
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <mutex>
#include <string>

#include "mcp/session.hpp"
#include "vellum/sdk/result.hpp"

namespace vellum::mcp {

struct SessionLimits {
  std::size_t max_total = 200;
  std::size_t max_per_token = 100;
  std::chrono::milliseconds idle_timeout{15 * 60 * 1000};
  std::chrono::milliseconds max_age{60 * 60 * 1000};
};

class SessionStore {
 public:
  explicit SessionStore(SessionLimits limits) : limits_(limits) {}

  // unavailable when the server holds max_total sessions; rate_limited when the caller's token holds
  // max_per_token.
  [[nodiscard]] sdk::Result<SessionPtr> create(const http::Caller& caller, SteadyTime now);
  // The live session with this id; nullptr when there is none or it has expired (it is then removed).
  [[nodiscard]] SessionPtr find(const std::string& id, SteadyTime now);
  // Ends a session: in-flight requests are cancelled. False when there was none.
  bool remove(const std::string& id);
  [[nodiscard]] std::size_t size() const;
  // Ends every session (server shutdown).
  void clear();

 private:
  [[nodiscard]] bool expired(const Session& session, SteadyTime now) const;
  void purge_locked(SteadyTime now);

  SessionLimits limits_;
  mutable std::mutex mutex_;
  std::map<std::string, SessionPtr> sessions_;
};

}  // namespace vellum::mcp
