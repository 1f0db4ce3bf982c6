#include "busy_articles.hpp"

#include <algorithm>

namespace vellum::queue_sync {

bool BusyArticles::acquire(std::span<const sdk::ArticleId> ids, std::stop_token stop) {
  std::unique_lock lock(mutex_);
  const bool free = released_.wait(lock, stop, [&] {
    return std::none_of(ids.begin(), ids.end(), [&](sdk::ArticleId id) { return busy_.contains(id); });
  });
  if (!free) return false;
  busy_.insert(ids.begin(), ids.end());
  return true;
}

void BusyArticles::release(std::span<const sdk::ArticleId> ids) {
  {
    std::lock_guard lock(mutex_);
    for (auto id : ids) busy_.erase(id);
  }
  released_.notify_all();
}

}  // namespace vellum::queue_sync
