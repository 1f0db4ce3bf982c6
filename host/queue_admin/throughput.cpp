#include "queue_admin/throughput.hpp"

#include "queue_admin/admin_operations.hpp"

namespace vellum::queue_admin {

std::vector<ThroughputBucket> bucket_tasks(const std::vector<sdk::Task>& tasks, sdk::Timestamp now,
                                           std::chrono::minutes window, std::chrono::seconds bucket) {
  const auto count = static_cast<std::int64_t>(std::chrono::duration_cast<std::chrono::seconds>(window) / bucket);
  if (count <= 0) return {};
  // Buckets end at `now`, so the newest one holds the last `bucket` of work.
  const sdk::Timestamp first = now - bucket * count;
  std::vector<ThroughputBucket> buckets(static_cast<std::size_t>(count));
  for (std::int64_t i = 0; i < count; ++i) buckets[static_cast<std::size_t>(i)].start = first + bucket * i;
  std::vector<double> latency_sums(buckets.size(), 0.0);
  for (const auto& task : tasks) {
    if (!task.completed_at || *task.completed_at < first || *task.completed_at > now) continue;
    if (task.status != sdk::TaskStatus::completed && task.status != sdk::TaskStatus::failed) continue;
    auto index = std::chrono::duration_cast<std::chrono::seconds>(*task.completed_at - first) / bucket;
    if (index >= count) index = count - 1;  // completed exactly at `now`
    auto& b = buckets[static_cast<std::size_t>(index)];
    if (task.status == sdk::TaskStatus::failed) {
      ++b.failed;
      continue;
    }
    ++b.completed;
    latency_sums[static_cast<std::size_t>(index)] +=
        std::chrono::duration<double>(*task.completed_at - task.created_at).count();
  }
  for (std::size_t i = 0; i < buckets.size(); ++i) {
    if (buckets[i].completed > 0) {
      buckets[i].mean_latency_seconds = latency_sums[i] / static_cast<double>(buckets[i].completed);
    }
  }
  return buckets;
}

sdk::Result<std::vector<ThroughputBucket>> throughput(sdk::StorageBackend& storage, sdk::Timestamp now,
                                                      std::chrono::minutes window, std::chrono::seconds bucket) {
  sdk::TaskQuery query;
  query.statuses = {sdk::TaskStatus::completed, sdk::TaskStatus::failed};
  query.completed_after = now - window;
  auto tasks = list_tasks(storage, query);
  if (!tasks) return std::move(tasks).error();
  return bucket_tasks(tasks.value(), now, window, bucket);
}

}  // namespace vellum::queue_admin
