// The change-feed follower's side of /metrics:
//   vellum_index_follower_lag_seconds            how long a write it could read has waited for the
//                                                vector index (feed_lag.hpp); 0 when none waits
//   vellum_index_follower_changes_behind         the feed's newest sequence − what it has read (NaN
//                                                while the feed cannot be read)
//   vellum_index_follower_lag_threshold_seconds  indexing.change_feed_lag_warn_ms: past it the log
//                                                warns, /health is degraded, and the alert compares
//   vellum_index_follower_errors_total           rounds that failed (feed unreadable, index refused)
#include "search/change_feed_follower.hpp"

#include <limits>

namespace vellum::search {

namespace {

constexpr const char* kLag = "vellum_index_follower_lag_seconds";
constexpr const char* kBehind = "vellum_index_follower_changes_behind";
constexpr const char* kThreshold = "vellum_index_follower_lag_threshold_seconds";
constexpr const char* kErrors = "vellum_index_follower_errors_total";

}  // namespace

void ChangeFeedFollower::report_to(metrics::Registry& registry, std::chrono::milliseconds threshold) {
  using metrics::MetricType;
  registry.declare(kLag, MetricType::gauge,
                   "Seconds a write in the chunk change feed has waited to reach this process's vector index "
                   "(0: the follower has read everything it could see).");
  registry.declare(kBehind, MetricType::gauge,
                   "Changes in the chunk change feed the follower has not read yet (NaN: the feed cannot be read).");
  registry.declare(kThreshold, MetricType::gauge,
                   "indexing.change_feed_lag_warn_ms in seconds: a lag past it is logged and degrades /health.");
  registry.declare(kErrors, MetricType::counter, "Change-feed follower rounds that failed.");
  registry.add(kErrors, {}, 0);
  {
    std::lock_guard lock(lag_mutex_);
    metrics_ = &registry;
    lag_threshold_ = threshold;
  }
  collector_ = registry.add_collector([this](metrics::Registry& out) {
    const auto current = lag();
    out.set(kLag, {}, current.behind.count());
    out.set(kBehind, {},
            current.changes_behind ? static_cast<double>(*current.changes_behind)
                                   : std::numeric_limits<double>::quiet_NaN());
    out.set(kThreshold, {}, static_cast<double>(current.threshold.count()) / 1000.0);
  });
}

void ChangeFeedFollower::note_round(const sdk::Status& round) {
  metrics::Registry* registry = nullptr;
  {
    std::lock_guard lock(lag_mutex_);
    failing_ = !round.ok();
    last_error_ = round ? std::string() : round.error().message;
    registry = metrics_;
  }
  if (round) return;
  if (registry) registry->add(kErrors, {}, 1);
  (void)lag();  // sees what waits meanwhile, and warns once it has waited too long
}

}  // namespace vellum::search
