// The scheduler: the one thread per process that claims. Its loop, never overlapping itself:
//   every poll_interval  read the control row (pause, drain, emergency stop act within one interval)
//   every lease/3        renew the leases of tasks this process holds (up to max_processing_time)
//   always               cancel batches past task_timeout
//   when a worker is idle and claiming is allowed: claim a batch — at once after a local write, a
//                        finished batch or when a retry falls due, else every worker_interval
#pragma once

#include <stop_token>

#include "run_state.hpp"

namespace vellum::queue_background {

void run_scheduler(RunState& run, std::stop_token stop);

}  // namespace vellum::queue_background
