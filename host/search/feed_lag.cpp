#include "search/feed_lag.hpp"

namespace vellum::search {

void FeedLag::observe(std::int64_t cursor, std::optional<std::int64_t> head, Clock::time_point now) {
  if (waiting_ && cursor >= waiting_->seq) waiting_.reset();
  // Only the first sighting starts the clock: later, newer changes wait behind the same cursor.
  if (!waiting_ && head && *head > cursor) waiting_ = Seen{*head, now};
}

FeedLag::Clock::duration FeedLag::behind_for(Clock::time_point now) const {
  if (!waiting_ || now < waiting_->at) return Clock::duration::zero();
  return now - waiting_->at;
}

}  // namespace vellum::search
