// The sync strategy's settings (queue.sync), read once by the factory in plugin.cpp.
#pragma once

#include <chrono>
#include <cstddef>

namespace vellum::queue_sync {

struct SyncSettings {
  std::chrono::milliseconds timeout{60000};        // one inline indexing, or one batch of queued tasks
  std::chrono::milliseconds poll_interval{5000};   // how often the task table is looked at for due tasks
  std::chrono::milliseconds retry_delay{30000};    // an article that failed inline is tried again after this
  std::size_t batch_size = 10;                     // queued tasks claimed and embedded together

  // A claim's lease. A claimed batch may wait up to `timeout` for an inline indexing of one of its
  // articles (busy_articles.hpp), then runs for up to `timeout`; the margin covers writing its
  // outcome. A process that dies holding tasks loses them to whoever rescues expired leases after it.
  [[nodiscard]] std::chrono::milliseconds lease() const { return 2 * timeout + std::chrono::seconds(30); }
};

}  // namespace vellum::queue_sync
