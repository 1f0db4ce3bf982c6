#include "vellum/storage_sql/connection_pool.hpp"

#include <string>

namespace vellum::storage_sql {

sdk::Result<std::unique_ptr<ConnectionPool>> ConnectionPool::open(SessionFactory factory, std::size_t size) {
  std::vector<SessionPtr> sessions;
  try {
    for (std::size_t i = 0; i < size; ++i) sessions.push_back(factory());
  } catch (const std::exception& e) {
    return sdk::Error(sdk::ErrorKind::unavailable, std::string("could not open the database: ") + e.what());
  }
  return std::unique_ptr<ConnectionPool>(new ConnectionPool(std::move(factory), std::move(sessions)));
}

ConnectionPool::ConnectionPool(SessionFactory factory, std::vector<SessionPtr> sessions)
    : factory_(std::move(factory)), sessions_(std::move(sessions)) {
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

sdk::Status ConnectionPool::reconnect(Lease& lease) {
  SessionPtr fresh;
  try {
    fresh = factory_();  // outside the mutex: connecting may take up to the connect timeout
  } catch (const std::exception& e) {
    return sdk::Error(sdk::ErrorKind::unavailable, std::string("could not reconnect to the database: ") + e.what());
  }
  std::lock_guard lock(mutex_);
  for (auto& slot : sessions_) {
    if (slot.get() == lease.session_) {
      slot.swap(fresh);  // `fresh` now owns the broken session and closes it on return
      lease.session_ = slot.get();
      break;
    }
  }
  return sdk::ok_status();
}

void ConnectionPool::release(soci::session* session) {
  {
    std::lock_guard lock(mutex_);
    free_.push_back(session);
  }
  available_.notify_one();
}

}  // namespace vellum::storage_sql
