#include "vellum/storage_sql/connection_pool.hpp"

#include <string>

#include "statement_cache.hpp"

namespace vellum::storage_sql {

struct ConnectionPool::Slot {
  SessionPtr session;
  std::unique_ptr<StatementCache> statements;
  std::uint64_t generation = 0;
};

soci::session& ConnectionPool::Lease::operator*() const { return *slot_->session; }

StatementCache* ConnectionPool::Lease::statements() const { return slot_->statements.get(); }

sdk::Result<std::unique_ptr<ConnectionPool>> ConnectionPool::open(SessionFactory factory, std::size_t size,
                                                                  std::size_t statements_per_session) {
  std::vector<std::unique_ptr<Slot>> slots;
  try {
    for (std::size_t i = 0; i < size; ++i) {
      slots.push_back(std::make_unique<Slot>());
      slots.back()->session = factory();
      slots.back()->statements = std::make_unique<StatementCache>(statements_per_session);
    }
  } catch (const std::exception& e) {
    return sdk::Error(sdk::ErrorKind::unavailable, std::string("could not open the database: ") + e.what());
  }
  return std::unique_ptr<ConnectionPool>(
      new ConnectionPool(std::move(factory), std::move(slots), statements_per_session));
}

ConnectionPool::ConnectionPool(SessionFactory factory, std::vector<std::unique_ptr<Slot>> slots,
                               std::size_t statements_per_session)
    : factory_(std::move(factory)), statements_per_session_(statements_per_session), slots_(std::move(slots)) {
  for (auto& s : slots_) free_.push_back(s.get());
}

ConnectionPool::~ConnectionPool() = default;

sdk::Result<ConnectionPool::Lease> ConnectionPool::acquire(std::chrono::milliseconds wait) {
  std::unique_lock lock(mutex_);
  if (!available_.wait_for(lock, wait, [this] { return !free_.empty(); })) {
    return sdk::Error(sdk::ErrorKind::unavailable,
                      "no free database connection after " + std::to_string(wait.count()) +
                          " ms (pool of " + std::to_string(slots_.size()) + " is busy)");
  }
  Slot* slot = free_.back();
  free_.pop_back();
  if (slot->generation != generation_) {
    slot->statements->clear();
    slot->generation = generation_;
  }
  return Lease(this, slot);
}

sdk::Status ConnectionPool::reconnect(Lease& lease) {
  SessionPtr fresh;
  try {
    fresh = factory_();  // outside the mutex: connecting may take up to the connect timeout
  } catch (const std::exception& e) {
    return sdk::Error(sdk::ErrorKind::unavailable, std::string("could not reconnect to the database: ") + e.what());
  }
  // The lease holds the slot, so nobody else touches it. Its statements belong to the lost
  // connection and go before it does.
  lease.slot_->statements = std::make_unique<StatementCache>(statements_per_session_);
  lease.slot_->session.swap(fresh);  // `fresh` now owns the broken session and closes it on return
  return sdk::ok_status();
}

void ConnectionPool::forget_statements() {
  std::lock_guard lock(mutex_);
  ++generation_;
}

void ConnectionPool::release(Slot* slot) {
  {
    std::lock_guard lock(mutex_);
    free_.push_back(slot);
  }
  available_.notify_one();
}

}  // namespace vellum::storage_sql
