// A worker thread: takes a claimed batch, has the host's pipeline index its articles (by id, in as
// few provider calls as the provider allows), decides each task's verdict and writes them. Workers
// never claim and never touch the HTTP threads; they only wait for the scheduler to hand them work.
#pragma once

#include <stop_token>

#include "run_state.hpp"

namespace vellum::queue_background {

void run_worker(RunState& run, std::stop_token stop);

}  // namespace vellum::queue_background
