#include "http/detail/server_state.hpp"

namespace vellum::http::detail {

std::pair<std::uint64_t, std::size_t> ServerState::add(const std::shared_ptr<Connection>& connection) {
  std::lock_guard lock(mutex_);
  const std::size_t before = connections_.size();
  const std::uint64_t id = next_id_++;
  connections_.emplace(id, connection);
  return {id, before};
}

void ServerState::remove(std::uint64_t id) {
  std::lock_guard lock(mutex_);
  connections_.erase(id);
  if (connections_.empty()) closed_.notify_all();
}

std::size_t ServerState::open() const {
  std::lock_guard lock(mutex_);
  return connections_.size();
}

std::vector<std::shared_ptr<Connection>> ServerState::snapshot() const {
  std::vector<std::shared_ptr<Connection>> alive;
  std::lock_guard lock(mutex_);
  alive.reserve(connections_.size());
  for (const auto& [id, weak] : connections_) {
    if (auto connection = weak.lock()) alive.push_back(std::move(connection));
  }
  return alive;
}

bool ServerState::wait_until_closed(std::chrono::steady_clock::time_point deadline) {
  std::unique_lock lock(mutex_);
  return closed_.wait_until(lock, deadline, [this] { return connections_.empty(); });
}

}  // namespace vellum::http::detail
