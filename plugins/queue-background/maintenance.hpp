// The maintenance thread: the bookkeeping that must happen whether or not there is work.
//   every heartbeat_interval            this process's row in embedding_worker_status
//   every reap interval (and at start)  rescue tasks whose leases expired (a crashed worker's)
//   every metrics_interval              queue depth, throughput, error rate, utilisation
//   every cleanup_interval (and start)  delete old completed tasks, audit rows and metric samples
#pragma once

#include <stop_token>

#include "run_state.hpp"

namespace vellum::queue_background {

void run_maintenance(RunState& run, std::stop_token stop);

// This process's row; `running` false when it stops for good. False when it could not be written.
bool write_heartbeat(RunState& run, sdk::StorageBackend& storage, bool running);

}  // namespace vellum::queue_background
