// The articles this strategy is indexing right now. The inline path and the backlog both take their
// articles here before calling the pipeline, so one article is never indexed twice at once: the later
// call waits, then loads the article's newest text. Two overlapping calls could otherwise finish in
// the wrong order and leave the older text's chunks behind (an edit indexed inline while the backlog
// re-embeds the same article for a task queued earlier).
#pragma once

#include <condition_variable>
#include <mutex>
#include <set>
#include <span>
#include <stop_token>

#include "vellum/sdk/types.hpp"

namespace vellum::queue_sync {

class BusyArticles {
 public:
  // Marks every id of `ids` busy once none of them is; false (nothing marked) when `stop` came first.
  [[nodiscard]] bool acquire(std::span<const sdk::ArticleId> ids, std::stop_token stop);
  void release(std::span<const sdk::ArticleId> ids);

 private:
  std::mutex mutex_;
  std::condition_variable_any released_;
  std::set<sdk::ArticleId> busy_;
};

// Holds `ids` busy from construction (when acquired) to destruction.
class BusyHold {
 public:
  BusyHold(BusyArticles& articles, std::span<const sdk::ArticleId> ids, std::stop_token stop)
      : articles_(articles), ids_(ids), held_(articles.acquire(ids, stop)) {}
  ~BusyHold() {
    if (held_) articles_.release(ids_);
  }
  BusyHold(const BusyHold&) = delete;
  BusyHold& operator=(const BusyHold&) = delete;
  [[nodiscard]] bool held() const { return held_; }

 private:
  BusyArticles& articles_;
  std::span<const sdk::ArticleId> ids_;
  bool held_;
};

}  // namespace vellum::queue_sync
