#include "http/detail/server_state.hpp"

#include <spdlog/spdlog.h>

namespace vellum::http::detail {

ServerState::Registration ServerState::add(const std::shared_ptr<Connection>& connection, const std::string& address) {
  std::lock_guard lock(mutex_);
  Registration registration{next_id_++, Admission::admitted};
  const std::size_t per_address_limit = options.max_connections_per_address;
  auto from_address = admitted_per_address_.find(address);
  const std::size_t from_here = from_address == admitted_per_address_.end() ? 0 : from_address->second;
  if (per_address_limit != 0 && from_here >= per_address_limit) {
    registration.admission = Admission::over_address;
  } else if (admitted_ >= options.max_connections) {
    registration.admission = Admission::over_total;
  }
  const bool admitted = registration.admission == Admission::admitted;
  if (admitted) {
    ++admitted_;
    ++admitted_per_address_[address];
  }
  connections_.emplace(registration.id, Entry{connection, address, admitted});
  return registration;
}

void ServerState::remove(std::uint64_t id) {
  std::lock_guard lock(mutex_);
  auto entry = connections_.find(id);
  if (entry == connections_.end()) return;
  if (entry->second.admitted) {
    --admitted_;
    auto from_address = admitted_per_address_.find(entry->second.address);
    if (from_address != admitted_per_address_.end() && --from_address->second == 0) {
      admitted_per_address_.erase(from_address);  // the map holds only addresses with open connections
    }
  }
  connections_.erase(entry);
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
  for (const auto& [id, entry] : connections_) {
    if (auto connection = entry.connection.lock()) alive.push_back(std::move(connection));
  }
  return alive;
}

bool ServerState::wait_until_closed(std::chrono::steady_clock::time_point deadline) {
  std::unique_lock lock(mutex_);
  return closed_.wait_until(lock, deadline, [this] { return connections_.empty(); });
}

boost::asio::thread_pool& ServerState::pool_for(const Request& request) {
  if (!options.may_wait_on_provider) return handler_pool;
  try {
    return options.may_wait_on_provider(request) ? provider_pool : handler_pool;
  } catch (const std::exception& e) {
    spdlog::error("http: choosing the pool for {} {} threw: {}", request.method, request.path, e.what());
    return handler_pool;
  }
}

}  // namespace vellum::http::detail
