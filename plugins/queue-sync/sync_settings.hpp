// The sync strategy's settings (queue.sync), read once by the factory in plugin.cpp.
#pragma once

#include <chrono>

namespace vellum::queue_sync {

struct SyncSettings {
  std::chrono::milliseconds timeout{60000};  // one inline indexing
};

}  // namespace vellum::queue_sync
