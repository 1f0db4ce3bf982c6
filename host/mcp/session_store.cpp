#include "mcp/session_store.hpp"

#include <spdlog/spdlog.h>

#include "common/crypto.hpp"

namespace vellum::mcp {

sdk::Result<SessionPtr> SessionStore::create(const http::Caller& caller, SteadyTime now) {
  std::lock_guard lock(mutex_);
  purge_locked(now);
  if (sessions_.size() >= limits_.max_total) {
    return sdk::Error(sdk::ErrorKind::unavailable, "Too many active sessions");
  }
  const std::string key = caller.rate_key();
  std::size_t mine = 0;
  for (const auto& [id, session] : sessions_) mine += session->caller().rate_key() == key ? 1 : 0;
  if (mine >= limits_.max_per_token) {
    return sdk::Error(sdk::ErrorKind::rate_limited, "Too many active sessions for token");
  }
  auto session = std::make_shared<Session>(random_hex(16), caller, now);
  sessions_.emplace(session->id(), session);
  spdlog::info("mcp: session {} opened by {}", session->id().substr(0, 8), caller.name);
  return session;
}

SessionPtr SessionStore::find(const std::string& id, SteadyTime now) {
  std::lock_guard lock(mutex_);
  auto it = sessions_.find(id);
  if (it == sessions_.end()) return nullptr;
  if (expired(*it->second, now)) {
    spdlog::info("mcp: session {} expired", id.substr(0, 8));
    it->second->cancel_all();
    sessions_.erase(it);
    return nullptr;
  }
  return it->second;
}

bool SessionStore::remove(const std::string& id) {
  SessionPtr gone;
  {
    std::lock_guard lock(mutex_);
    auto it = sessions_.find(id);
    if (it == sessions_.end()) return false;
    gone = std::move(it->second);
    sessions_.erase(it);
  }
  gone->cancel_all();
  spdlog::info("mcp: session {} ended by the client", id.substr(0, 8));
  return true;
}

std::size_t SessionStore::size() const {
  std::lock_guard lock(mutex_);
  return sessions_.size();
}

void SessionStore::clear() {
  std::lock_guard lock(mutex_);
  for (auto& [id, session] : sessions_) session->cancel_all();
  sessions_.clear();
}

bool SessionStore::expired(const Session& session, SteadyTime now) const {
  return now - session.last_seen() > limits_.idle_timeout || now - session.created_at() > limits_.max_age;
}

void SessionStore::purge_locked(SteadyTime now) {
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    if (expired(*it->second, now)) {
      it->second->cancel_all();
      it = sessions_.erase(it);
    } else {
      ++it;
    }
  }
}

}  // namespace vellum::mcp
