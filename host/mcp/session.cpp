#include "mcp/session.hpp"

namespace vellum::mcp {

Session::Session(std::string id, http::Caller caller, SteadyTime now)
    : id_(std::move(id)), caller_(std::move(caller)), created_at_(now), last_seen_(now) {}

bool Session::initialize(std::string protocol_version, json client_info, json client_capabilities) {
  std::lock_guard lock(mutex_);
  if (initialized_) return false;
  initialized_ = true;
  protocol_version_ = std::move(protocol_version);
  client_info_ = std::move(client_info);
  client_capabilities_ = client_capabilities.is_object() ? std::move(client_capabilities) : json::object();
  return true;
}

bool Session::initialized() const {
  std::lock_guard lock(mutex_);
  return initialized_;
}

std::string Session::protocol_version() const {
  std::lock_guard lock(mutex_);
  return protocol_version_;
}

bool Session::client_supports(std::string_view capability) const {
  std::lock_guard lock(mutex_);
  return client_capabilities_.contains(capability);
}

json Session::client_info() const {
  std::lock_guard lock(mutex_);
  return client_info_;
}

void Session::touch(SteadyTime now) {
  std::lock_guard lock(mutex_);
  if (now > last_seen_) last_seen_ = now;
}

SteadyTime Session::last_seen() const {
  std::lock_guard lock(mutex_);
  return last_seen_;
}

CancelFlag Session::begin_request(const json& id) {
  std::lock_guard lock(mutex_);
  auto [it, inserted] = in_flight_.try_emplace(id_key(id));
  if (!inserted) return nullptr;
  it->second = std::make_shared<std::atomic<bool>>(false);
  return it->second;
}

void Session::end_request(const json& id) {
  std::lock_guard lock(mutex_);
  in_flight_.erase(id_key(id));
}

void Session::cancel(const json& id) {
  std::lock_guard lock(mutex_);
  if (auto it = in_flight_.find(id_key(id)); it != in_flight_.end()) it->second->store(true);
}

void Session::cancel_all() {
  {
    std::lock_guard lock(mutex_);
    for (auto& [key, flag] : in_flight_) flag->store(true);
  }
  replies_changed_.notify_all();
}

bool Session::busy() const {
  std::lock_guard lock(mutex_);
  return !in_flight_.empty();
}

json Session::open_client_request() {
  std::lock_guard lock(mutex_);
  // Prefixed so the ids never collide with the client's own request ids in logs.
  json id = "vellum-" + std::to_string(++next_client_request_);
  awaiting_.emplace(id_key(id), std::nullopt);
  return id;
}

std::optional<ClientReply> Session::wait_client_reply(const json& id, std::chrono::milliseconds timeout,
                                                      const std::atomic<bool>& cancelled) {
  const auto key = id_key(id);
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::unique_lock lock(mutex_);
  std::optional<ClientReply> reply;
  while (std::chrono::steady_clock::now() < deadline && !cancelled.load()) {
    auto it = awaiting_.find(key);
    if (it == awaiting_.end()) break;
    if (it->second) {
      reply = std::move(it->second);
      break;
    }
    // Bounded waits: cancellation flags are atomics, not condition-variable events.
    replies_changed_.wait_for(lock, std::chrono::milliseconds(100));
  }
  awaiting_.erase(key);
  return reply;
}

bool Session::deliver_client_reply(const json& id, ClientReply reply) {
  {
    std::lock_guard lock(mutex_);
    auto it = awaiting_.find(id_key(id));
    if (it == awaiting_.end() || it->second) return false;
    it->second = std::move(reply);
  }
  replies_changed_.notify_all();
  return true;
}

void Session::subscribe(const std::string& uri) {
  std::lock_guard lock(mutex_);
  subscriptions_.insert(uri);
}

void Session::unsubscribe(const std::string& uri) {
  std::lock_guard lock(mutex_);
  subscriptions_.erase(uri);
}

bool Session::subscribed(const std::string& uri) const {
  std::lock_guard lock(mutex_);
  return subscriptions_.count(uri) > 0;
}

}  // namespace vellum::mcp
