#include "statement_cache.hpp"

namespace vellum::storage_sql {

std::unique_ptr<PreparedStatement> StatementCache::take(const std::string& text) {
  const auto found = by_text_.find(text);
  if (found == by_text_.end()) return nullptr;
  auto statement = std::move(*found->second);
  order_.erase(found->second);
  by_text_.erase(found);
  return statement;
}

void StatementCache::give_back(std::unique_ptr<PreparedStatement> statement) {
  if (capacity_ == 0) return;
  // A nested query with the same text prepared a second statement; the one given back last stays.
  if (auto older = by_text_.find(statement->text); older != by_text_.end()) {
    order_.erase(older->second);
    by_text_.erase(older);
  }
  order_.push_front(std::move(statement));
  by_text_[order_.front()->text] = order_.begin();
  while (order_.size() > capacity_) {
    by_text_.erase(order_.back()->text);
    order_.pop_back();
  }
}

void StatementCache::clear() {
  by_text_.clear();
  order_.clear();
  retired_.clear();
}

void StatementCache::retire(std::unique_ptr<PreparedStatement> statement) {
  retired_.push_back(std::move(statement));
}

void StatementCache::drop_retired() { retired_.clear(); }

}  // namespace vellum::storage_sql
