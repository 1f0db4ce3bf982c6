// The throughput chart's series: finished tasks counted into time buckets ending now.
#include <catch2/catch.hpp>

#include "queue_admin/throughput.hpp"

using namespace vellum;
using namespace std::chrono_literals;

namespace {

sdk::Task finished(sdk::TaskStatus status, sdk::Timestamp created, sdk::Timestamp completed) {
  sdk::Task t;
  t.status = status;
  t.created_at = created;
  t.completed_at = completed;
  return t;
}

}  // namespace

TEST_CASE("finished tasks fall into minute buckets ending now, with the mean latency of the completed") {
  const sdk::Timestamp now{std::chrono::milliseconds(1'700'000'000'000)};
  const std::vector<sdk::Task> tasks = {
      finished(sdk::TaskStatus::completed, now - 10s, now - 5s),        // last bucket, 5 s latency
      finished(sdk::TaskStatus::completed, now - 20s, now - 5s),        // last bucket, 15 s latency
      finished(sdk::TaskStatus::failed, now - 20s, now - 30s),          // last bucket, failed
      finished(sdk::TaskStatus::completed, now - 70min, now - 59min - 30s),  // first bucket
      finished(sdk::TaskStatus::completed, now - 2h, now - 61min),      // before the window
      finished(sdk::TaskStatus::cancelled, now - 10s, now - 1s),        // an operator's decision: not throughput
      finished(sdk::TaskStatus::completed, now, now),                   // exactly now: the last bucket
  };
  const auto buckets = queue_admin::bucket_tasks(tasks, now, 60min, 60s);
  REQUIRE(buckets.size() == 60);
  CHECK(buckets.front().start == now - 60min);
  CHECK(buckets.back().start == now - 60s);
  CHECK(buckets.back().completed == 3);
  CHECK(buckets.back().failed == 1);
  REQUIRE(buckets.back().mean_latency_seconds);
  CHECK(*buckets.back().mean_latency_seconds == Approx(20.0 / 3.0));
  CHECK(buckets.front().completed == 1);
  std::int64_t total = 0;
  for (const auto& b : buckets) total += b.completed + b.failed;
  CHECK(total == 5);
  CHECK_FALSE(buckets[30].mean_latency_seconds);
}

TEST_CASE("a window shorter than one bucket has no buckets") {
  CHECK(queue_admin::bucket_tasks({}, sdk::Timestamp{}, 0min, 60s).empty());
}
