#include "vellum/storage_sql/connection_pool.hpp"

#include <string>

namespace vellum::storage_sql {

sdk::Result<std::unique_ptr<ConnectionPool>> ConnectionPool::open(const SessionFactory& factory, std::size_t size) {
  std::vector<SessionPtr> sessions;
  try {
    for (std::size_t i = 0; i < size; ++i) sessions.push_back(factory());
  } catch (const std::exception& e) {
    return sdk::Error(sdk::ErrorKind::unavailable, std::string("could not open the database: ") + e.what());
  }
  return std::unique_ptr<ConnectionPool>(new ConnectionPool(std::move(sessions)));
}

ConnectionPool::ConnectionPool(std::vector<SessionPtr> sessions) : sessions_(std::move(sessions)) {
  for (auto& s : sessions_) free_.push_back(s.get());
}

sdk::Result<ConnectionPool::Lease> ConnectionPool::acquire(std::chrono::milliseconds wait) {
  std::unique_lock lock(mutex_);
  if (!available_.wait_for(lock, wait, [this] { return !free_.empty(); })) {
    return sdk::Error(sdk::ErrorKind::unavailable,
                      "no free database connection after " + std::to_string(wait.count()) +
                          " ms (pool of " + std::to_string(sessions_.size()) + " is busy)");
  }
  soci::session* session = free_.back();
  free_.pop_back();
  return Lease(this, session);
}

void ConnectionPool::release(soci::session* session) {
  {
    std::lock_guard lock(mutex_);
    free_.push_back(session);
  }
  available_.notify_one();
}

}  // namespace vellum::storage_sql
