// How long the change-feed follower has left a change it could see unread: the vector index misses
// that write (another process's, or this one's until the follower skips it) for as long. A change is
// seen when someone reads the feed's newest sequence (a /metrics scrape, /health, a failed round);
// it stops counting once the follower's cursor passes it. A round that reads the feed to its end
// therefore shows as (almost) no lag, and a follower that cannot read, or cannot apply, shows a lag
// that grows for as long as that lasts.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>

namespace vellum::search {

class FeedLag {
 public:
  using Clock = std::chrono::steady_clock;

  // The follower has read up to `cursor`; the feed's newest change is `head` (nullopt: unreadable now).
  void observe(std::int64_t cursor, std::optional<std::int64_t> head, Clock::time_point now);
  // Since when the oldest change still unread was first seen; zero when none is.
  [[nodiscard]] Clock::duration behind_for(Clock::time_point now) const;
  void reset() { waiting_.reset(); }  // another backend: its sequence numbers mean something else

 private:
  struct Seen {
    std::int64_t seq = 0;
    Clock::time_point at;
  };
  std::optional<Seen> waiting_;
};

}  // namespace vellum::search
