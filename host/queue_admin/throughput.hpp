// The queue's recent work in time buckets, for the console's chart (GET /api/queue/throughput):
// per bucket the tasks completed and failed (by completed_at) and the mean time from queueing to
// completion of those completed. Read from the task rows, so it covers every process on the database
// and survives restarts, for as long as retention keeps finished tasks.
#pragma once

#include <chrono>
#include <optional>
#include <vector>

#include "vellum/sdk/storage.hpp"

namespace vellum::queue_admin {

struct ThroughputBucket {
  sdk::Timestamp start{};
  std::int64_t completed = 0;
  std::int64_t failed = 0;
  std::optional<double> mean_latency_seconds;  // created_at → completed_at of the completed ones
};

// `window` split into buckets of `bucket` ending at `now`, oldest first.
[[nodiscard]] sdk::Result<std::vector<ThroughputBucket>> throughput(sdk::StorageBackend& storage, sdk::Timestamp now,
                                                                    std::chrono::minutes window,
                                                                    std::chrono::seconds bucket);

// The counting alone: finished tasks into those buckets (others, and those outside the window, ignored).
[[nodiscard]] std::vector<ThroughputBucket> bucket_tasks(const std::vector<sdk::Task>& tasks, sdk::Timestamp now,
                                                         std::chrono::minutes window, std::chrono::seconds bucket);

}  // namespace vellum::queue_admin
