// The HTTP transport's sessions: created by initialize under limits (in total and per token), found
// by their MCP-Session-Id, ended by DELETE, by idle expiry, by absolute age or by eviction when a new
// session needs the room. Ids are 128 random bits in hex — visible ASCII, as the transport spec
// requires, and unguessable.
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
  std::size_t max_per_token = 20;  // below max_total (the configuration insists), so one token cannot fill it
  std::chrono::milliseconds idle_timeout{15 * 60 * 1000};
  std::chrono::milliseconds max_age{60 * 60 * 1000};
};

class SessionStore {
 public:
  explicit SessionStore(SessionLimits limits) : limits_(limits) {}

  // A new session for `caller`. At a limit, an idle session is evicted to make room (see victim_locked
  // for which); only when none may go is the open refused: rate_limited when the caller's token holds
  // max_per_token, unavailable when the server holds max_total.
  [[nodiscard]] sdk::Result<SessionPtr> create(const http::Caller& caller, SteadyTime now);
  // The live session with this id; nullptr when there is none or it has expired (it is then removed).
  [[nodiscard]] SessionPtr find(const std::string& id, SteadyTime now);
  // Ends a session: in-flight requests are cancelled. False when there was none.
  bool remove(const std::string& id);
  [[nodiscard]] std::size_t size() const;
  // Ends every session (server shutdown).
  void clear();

 private:
  using Sessions = std::map<std::string, SessionPtr>;

  [[nodiscard]] bool expired(const Session& session, SteadyTime now) const;
  void purge_locked(SteadyTime now);
  // The session to evict so that the token `key` may open one more, or end() when none may go.
  [[nodiscard]] Sessions::iterator victim_locked(const std::string& key, bool at_token_cap);
  void evict_locked(Sessions::iterator victim, const http::Caller& opener);

  SessionLimits limits_;
  mutable std::mutex mutex_;
  Sessions sessions_;
};

}  // namespace vellum::mcp
