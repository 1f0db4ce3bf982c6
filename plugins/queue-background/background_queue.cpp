#include "background_queue.hpp"

#include <unistd.h>

#include <random>

namespace vellum::queue_background {

BackgroundQueue::BackgroundQueue(BackgroundSettings settings, sdk::HostContext& host)
    : settings_(std::move(settings)), host_(host) {}

BackgroundQueue::~BackgroundQueue() { stop(); }

std::shared_ptr<WorkerRun> BackgroundQueue::current() const {
  std::lock_guard lock(current_mutex_);
  return run_;
}

std::string BackgroundQueue::worker_identity() const {
  if (auto* pipeline = host_.queue_host()) return pipeline->worker_identity();
  // Before the host offers its pipeline: the same shape, made up here.
  char name[256] = {};
  ::gethostname(name, sizeof(name) - 1);
  return std::string(name) + ":" + std::to_string(::getpid()) + ":" + std::to_string(std::random_device{}() % 100000);
}

void BackgroundQueue::on_committed(const sdk::ArticleChange&) {
  if (auto run = current()) run->state().notify();
}

sdk::Status BackgroundQueue::start() {
  std::lock_guard lifecycle(lifecycle_mutex_);
  if (current()) return sdk::ok_status();
  auto run = std::make_shared<WorkerRun>(settings_, host_, worker_identity(), counters_);
  run->start();
  std::lock_guard lock(current_mutex_);
  run_ = std::move(run);
  return sdk::ok_status();
}

void BackgroundQueue::stop() {
  std::lock_guard lifecycle(lifecycle_mutex_);
  std::shared_ptr<WorkerRun> run;
  {
    std::lock_guard lock(current_mutex_);
    run = std::move(run_);
  }
  if (run) run->stop();
}

sdk::Status BackgroundQueue::pause() {
  auto run = current();
  if (!run) return sdk::Error(sdk::ErrorKind::conflict, "the background queue is not running");
  auto& state = run->state();
  std::unique_lock lock(state.mutex);
  state.local_paused = true;
  state.changed.notify_all();
  // A claim already running finishes first (its batch is still worked on), so nothing written after
  // pause() returns is claimed before resume(). Bounded: a claim stuck on a locked database must not
  // hold the caller; the flag is set either way.
  state.changed.wait_for(lock, std::chrono::seconds(10), [&] { return !state.claiming; });
  return sdk::ok_status();
}

sdk::Status BackgroundQueue::resume() {
  auto run = current();
  if (!run) return sdk::Error(sdk::ErrorKind::conflict, "the background queue is not running");
  {
    std::lock_guard lock(run->state().mutex);
    run->state().local_paused = false;
    run->state().drain_requested = false;
    run->state().wake = true;
  }
  run->state().changed.notify_all();
  return sdk::ok_status();
}

sdk::Status BackgroundQueue::drain(std::chrono::steady_clock::time_point deadline) {
  auto run = current();
  if (!run) return sdk::ok_status();
  auto& state = run->state();
  std::unique_lock lock(state.mutex);
  state.drain_requested = true;
  state.changed.notify_all();
  const bool idle =
      state.changed.wait_until(lock, deadline, [&] { return state.idle(); });
  if (idle) return sdk::ok_status();
  return sdk::Error(sdk::ErrorKind::transient, "drain deadline passed with " + std::to_string(state.tasks_held()) +
                                                   " tasks still in flight");
}

sdk::QueueStatus BackgroundQueue::status() const {
  sdk::QueueStatus out{"background", "stopped", settings_.workers, 0, ""};
  auto run = current();
  if (!run) return out;
  auto& state = run->state();
  std::lock_guard lock(state.mutex);
  out.in_flight = static_cast<std::int64_t>(state.tasks_held());
  const bool idle = state.idle();
  if (state.emergency) {
    out.state = "paused";
    out.detail = "emergency stop: " + state.control.emergency_reason.value_or("");
  } else if (state.drain_requested) {
    out.state = idle ? "paused" : "draining";
    out.detail = idle ? "drained: claimed work finished, not claiming" : "finishing claimed work";
  } else if (state.local_paused || !state.control.is_running) {
    out.state = "paused";
    out.detail = state.local_paused ? "paused by the host" : "paused by the control row (is_running = false)";
  } else if (state.control.draining) {
    out.state = "draining";
    out.detail = idle && state.queue_empty ? "drained: no tasks left" : "finishing the queue";
  } else {
    out.state = "running";
  }
  if (!state.problem.empty()) out.detail += (out.detail.empty() ? "" : "; ") + state.problem;
  return out;
}

}  // namespace vellum::queue_background
