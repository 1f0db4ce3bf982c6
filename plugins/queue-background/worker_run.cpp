#include "worker_run.hpp"

#include "batch_runner.hpp"
#include "journal.hpp"
#include "maintenance.hpp"
#include "scheduler.hpp"
#include "transitions.hpp"

namespace vellum::queue_background {

namespace {

// Tasks this identity still holds from a previous run in this process (a stop that could not release
// them): they go back at once instead of waiting for their leases.
std::int64_t release_leftovers(RunState& run, sdk::StorageBackend& storage) {
  std::vector<sdk::Task> ours;
  auto read = storage.read([&](sdk::Repositories& repos) -> sdk::Status {
    sdk::TaskQuery query;
    query.statuses = {sdk::TaskStatus::processing};
    auto found = repos.tasks().list(query);
    if (!found) return std::move(found).error();
    for (auto& t : found.value()) {
      if (run.claimed_here(t.claimed_by)) ours.push_back(std::move(t));
    }
    return {};
  });
  if (!read) return 0;
  return release_tasks(run, storage, ours, "released: the worker restarted");
}

nlohmann::json settings_summary(const RunState& run) {
  const auto& s = run.settings;
  return {{"workerId", run.worker_id},
          {"processingInterval", s.worker_interval.count()},
          {"pollInterval", s.poll_interval.count()},
          {"heartbeatInterval", s.heartbeat_interval.count()},
          {"maxRetries", s.max_retries},
          {"maxProcessingTime", s.max_processing_time.count()},
          {"batchSize", s.batch_size},
          {"workers", s.workers}};
}

}  // namespace

WorkerRun::WorkerRun(const BackgroundSettings& settings, sdk::HostContext& host, std::string worker_id,
                     WorkerCounters& counters)
    : state_(settings, host, std::move(worker_id), counters) {}

WorkerRun::~WorkerRun() { stop(); }

void WorkerRun::start() {
  if (auto storage = state_.storage()) {
    const auto released = release_leftovers(state_, *storage);
    Journal journal;
    auto details = settings_summary(state_);
    details["releasedTasks"] = released;
    journal.worker_event("started", std::move(details), state_.host.now());
    write_journal(*storage, journal, state_.host);
  }
  threads_.emplace_back([this](std::stop_token stop) { run_scheduler(state_, stop); });
  for (std::size_t i = 0; i < state_.settings.workers; ++i) {
    threads_.emplace_back([this](std::stop_token stop) { run_worker(state_, stop); });
  }
  threads_.emplace_back([this](std::stop_token stop) { run_maintenance(state_, stop); });
}

void WorkerRun::stop() {
  if (stopped_) return;
  stopped_ = true;
  for (auto& t : threads_) t.request_stop();
  {
    std::lock_guard lock(state_.mutex);
    for (auto& batch : state_.in_flight) batch->cancel(CancelReason::shutdown);
  }
  state_.changed.notify_all();
  for (auto& t : threads_) {
    // The host stops a strategy before it drops it, so this is only reached through misuse (the last
    // reference dropped on one of our own threads); joining ourselves would throw, so let it go.
    if (t.get_id() == std::this_thread::get_id()) {
      t.detach();
    } else if (t.joinable()) {
      t.join();
    }
  }
  threads_.clear();

  std::vector<sdk::Task> unstarted;
  {
    std::lock_guard lock(state_.mutex);
    for (const auto& batch : state_.ready) unstarted.insert(unstarted.end(), batch->tasks.begin(), batch->tasks.end());
    state_.ready.clear();
  }
  if (auto storage = state_.storage()) {
    const auto released = release_tasks(state_, *storage, unstarted, "released: the worker stopped");
    write_heartbeat(state_, *storage, false);
    Journal journal;
    journal.worker_event("stopped", {{"gracefulShutdown", true}, {"releasedTasks", released},
                                     {"workerId", state_.worker_id}},
                         state_.host.now());
    write_journal(*storage, journal, state_.host);
  }
}

}  // namespace vellum::queue_background
