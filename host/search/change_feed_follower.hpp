// Keeps this process's vector indexes current with what other processes write to the same database
// (DESIGN.md "Scale"): it follows the chunk change feed by sequence number and, for each change to a
// loaded embedding set, reloads that article's chunks into the index. Writes made by this process's
// own pipeline are already indexed, tagged with their sequence, and are skipped.
//
// On PostgreSQL a sequence number is taken when a transaction inserts, not when it commits, so a
// lower number can become visible after a higher one. Missing numbers are therefore remembered as
// gaps and looked for again until they appear or are old enough to be a rolled-back transaction.
//
// How far behind it is (feed_lag.hpp) is answered at any time without waiting for a round, so a
// follower stuck in a round shows as lagging: lag() for /health, report_to() for /metrics.
#pragma once

#include <chrono>
#include <condition_variable>
#include <atomic>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <stop_token>
#include <thread>

#include "metrics/metric_registry.hpp"
#include "plugins/runtime.hpp"
#include "search/feed_lag.hpp"
#include "search/index_registry.hpp"

namespace vellum::search {

struct FollowStats {
  std::int64_t cursor = 0;        // highest sequence read from the feed
  std::int64_t applied = 0;       // changes that reloaded an article
  std::int64_t skipped = 0;       // changes already indexed (own writes, unloaded sets)
  std::size_t open_gaps = 0;
};

struct FollowerLag {
  std::chrono::duration<double> behind{0};      // how long a change it could read has waited (feed_lag.hpp)
  std::optional<std::int64_t> changes_behind;   // the feed's newest sequence − the cursor, when readable
  std::chrono::milliseconds threshold{0};       // report_to's; 0 = none set
  bool failing = false;                         // the last round failed
  std::string last_error;                       // … with this
  [[nodiscard]] bool over_threshold() const { return threshold.count() > 0 && behind > threshold; }
};

class ChangeFeedFollower {
 public:
  ChangeFeedFollower(const plugins::RuntimeHolder& runtime, IndexRegistry& indexes,
                     std::chrono::milliseconds poll_interval);
  ~ChangeFeedFollower();  // stops the thread
  ChangeFeedFollower(const ChangeFeedFollower&) = delete;
  ChangeFeedFollower& operator=(const ChangeFeedFollower&) = delete;

  // Follows on a thread of its own: a round whenever the backend signals a change (PostgreSQL
  // LISTEN/NOTIFY), and at least every poll interval.
  void start();
  void stop();
  // One round: bind to the current storage, replay for newly loaded sets, read new changes, recheck gaps.
  sdk::Status poll_once();
  [[nodiscard]] FollowStats stats() const;
  // Reads the feed's newest sequence (one query) and says how far behind the follower is; past the
  // threshold it logs so, at most once a minute.
  [[nodiscard]] FollowerLag lag();
  // Publishes lag() and failed rounds to `registry` (follower_metrics.cpp); `threshold` is what
  // counts as lagging. Call before start().
  void report_to(metrics::Registry& registry, std::chrono::milliseconds threshold);

 private:
  void wait_for_changes(const std::stop_token& stop);  // until a change notice or the poll interval
  sdk::Status bind(sdk::StorageBackend& storage);
  sdk::Status catch_up_new_sets(sdk::StorageBackend& storage);
  sdk::Status read_new(sdk::StorageBackend& storage);
  sdk::Status recheck_gaps(sdk::StorageBackend& storage);
  sdk::Status apply(sdk::StorageBackend& storage, const sdk::ChunkChange& change);
  void note(std::int64_t seq);  // records the gap before `seq`, advances the cursor
  void note_round(const sdk::Status& round);  // for lag(): whether the round failed, and why

  const plugins::RuntimeHolder& runtime_;
  IndexRegistry& indexes_;
  std::chrono::milliseconds poll_interval_;

  mutable std::mutex mutex_;  // one round at a time; guards everything below
  const sdk::StorageBackend* bound_ = nullptr;
  std::int64_t cursor_ = 0;
  std::map<std::int64_t, std::chrono::steady_clock::time_point> gaps_;  // missing seq → first noticed
  std::set<sdk::EmbeddingSetId> known_sets_;
  FollowStats stats_;

  // Published by rounds for lag(), which must not wait for a round (a stuck one is what it shows).
  std::atomic<std::int64_t> published_cursor_{0};
  std::atomic<const sdk::StorageBackend*> published_bound_{nullptr};
  mutable std::mutex lag_mutex_;  // guards the lag state below
  FeedLag feed_lag_;
  bool failing_ = false;
  std::string last_error_;
  metrics::Registry* metrics_ = nullptr;  // report_to's
  std::chrono::milliseconds lag_threshold_{0};
  metrics::CollectorHandle collector_;

  std::jthread thread_;
};

}  // namespace vellum::search
