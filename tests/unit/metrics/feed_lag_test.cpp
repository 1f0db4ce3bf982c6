// The follower's lag counts from when an unread change was first seen until the cursor passes it.
#include <catch2/catch.hpp>

#include "search/feed_lag.hpp"

using vellum::search::FeedLag;
using namespace std::chrono_literals;

TEST_CASE("lag starts when an unread change is seen and ends when the cursor passes it", "[metrics]") {
  FeedLag lag;
  const auto t0 = FeedLag::Clock::time_point{} + 1h;
  lag.observe(10, 10, t0);
  CHECK(lag.behind_for(t0 + 5s) == 0s);  // nothing unread

  lag.observe(10, 12, t0 + 1s);
  lag.observe(10, 15, t0 + 3s);  // newer changes wait behind the same cursor: the clock keeps running
  CHECK(lag.behind_for(t0 + 4s) == 3s);
  lag.observe(10, std::nullopt, t0 + 6s);  // the feed unreadable for a moment changes nothing
  CHECK(lag.behind_for(t0 + 6s) == 5s);

  lag.observe(12, 15, t0 + 7s);  // past the first change seen; 15 is now the one waiting, seen just now
  CHECK(lag.behind_for(t0 + 8s) == 1s);
  lag.observe(15, 15, t0 + 9s);
  CHECK(lag.behind_for(t0 + 20s) == 0s);
}

TEST_CASE("another backend forgets what the old one's sequence numbers said", "[metrics]") {
  FeedLag lag;
  const auto t0 = FeedLag::Clock::time_point{} + 1h;
  lag.observe(1, 100, t0);
  lag.reset();
  CHECK(lag.behind_for(t0 + 10s) == 0s);
}
