#include "mcp/session_store.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "common/crypto.hpp"

namespace vellum::mcp {

sdk::Result<SessionPtr> SessionStore::create(const http::Caller& caller, SteadyTime now) {
  std::lock_guard lock(mutex_);
  purge_locked(now);
  const std::string key = caller.rate_key();
  const auto mine = static_cast<std::size_t>(std::count_if(
      sessions_.begin(), sessions_.end(), [&](const auto& entry) { return entry.second->caller().rate_key() == key; }));
  const bool at_token_cap = mine >= limits_.max_per_token;
  if (at_token_cap || sessions_.size() >= limits_.max_total) {
    auto victim = victim_locked(key, at_token_cap);
    if (victim == sessions_.end()) {
      if (at_token_cap) return sdk::Error(sdk::ErrorKind::rate_limited, "Too many active sessions for token");
      return sdk::Error(sdk::ErrorKind::unavailable, "Too many active sessions");
    }
    evict_locked(victim, caller);
  }
  auto session = std::make_shared<Session>(random_hex(16), caller, now);
  sessions_.emplace(session->id(), session);
  spdlog::info("mcp: session {} opened by {}", session->id().substr(0, 8), caller.name);
  return session;
}

// Which session makes room for one more of token `key`. Only idle sessions (no request in flight) go.
//  1. The token's own least recently used one. At the token's own cap that is the only choice: a
//     token never pushes out another token's sessions to grow past its cap.
//  2. When the store is full and the token has nothing of its own to give up: the least recently used
//     session of the token holding the most sessions, provided that token holds at least two more
//     than the opener. After the swap it still holds at least as many as the opener, so evictions
//     only ever move the shares towards equal: however many sessions some tokens open, every other
//     token can still get in (until all hold about the same), and two tokens cannot evict each other
//     back and forth.
SessionStore::Sessions::iterator SessionStore::victim_locked(const std::string& key, bool at_token_cap) {
  std::map<std::string, std::size_t> held;
  for (const auto& [id, session] : sessions_) ++held[session->caller().rate_key()];
  const std::size_t mine = held[key];

  auto best = sessions_.end();
  std::size_t best_held = 0;
  SteadyTime best_seen{};
  for (auto it = sessions_.begin(); it != sessions_.end(); ++it) {
    if (it->second->caller().rate_key() != key || it->second->busy()) continue;
    const auto seen = it->second->last_seen();
    if (best == sessions_.end() || seen < best_seen) best = it, best_seen = seen;
  }
  if (best != sessions_.end() || at_token_cap) return best;

  for (auto it = sessions_.begin(); it != sessions_.end(); ++it) {
    const std::string owner = it->second->caller().rate_key();
    const std::size_t count = held[owner];
    if (owner == key || count < mine + 2 || it->second->busy()) continue;
    const auto seen = it->second->last_seen();
    if (best == sessions_.end() || count > best_held || (count == best_held && seen < best_seen)) {
      best = it, best_held = count, best_seen = seen;
    }
  }
  return best;
}

void SessionStore::evict_locked(Sessions::iterator victim, const http::Caller& opener) {
  spdlog::info("mcp: session {} of {} evicted to make room for a new session of {}", victim->first.substr(0, 8),
               victim->second->caller().name, opener.name);
  victim->second->cancel_all();
  sessions_.erase(victim);
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
