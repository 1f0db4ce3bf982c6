#include "backlog.hpp"

#include "backlog_outcome.hpp"
#include "bounded_call.hpp"

namespace vellum::queue_sync {

void Backlog::start() {
  if (thread_.joinable()) return;
  thread_ = std::jthread([this](std::stop_token stop) { run(stop); });
}

void Backlog::stop() {
  if (!thread_.joinable()) return;
  thread_.request_stop();  // also cancels the pipeline call in flight (BoundedCall)
  changed_.notify_all();
  thread_.join();
  thread_ = std::jthread();
}

void Backlog::wake() {
  {
    std::lock_guard lock(mutex_);
    wake_ = true;
  }
  changed_.notify_all();
}

void Backlog::hold(bool held) {
  std::unique_lock lock(mutex_);
  held_ = held;
  if (!held) wake_ = true;
  changed_.notify_all();
  // Bounded: a claim stuck on a locked database must not hold the caller; the flag is set either way.
  changed_.wait_for(lock, std::chrono::seconds(10), [&] { return !claiming_; });
}

bool Backlog::wait_idle(std::chrono::steady_clock::time_point deadline) {
  std::unique_lock lock(mutex_);
  return changed_.wait_until(lock, deadline, [&] { return in_hand_ == 0 && !claiming_; });
}

std::int64_t Backlog::tasks_in_hand() const {
  std::lock_guard lock(mutex_);
  return in_hand_;
}

void Backlog::run(std::stop_token stop) {
  while (!stop.stop_requested()) {
    std::size_t claimed = 0;
    auto* pipeline = host_.queue_host();
    auto storage = pipeline ? pipeline->storage() : nullptr;
    if (storage) claimed = work_batch(*pipeline, *storage, stop);
    if (claimed == settings_.batch_size) continue;  // a full batch: more may be due
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, stop, settings_.poll_interval, [&] { return wake_ && !held_; });
    wake_ = false;
  }
}

std::vector<sdk::Task> Backlog::claim(sdk::QueueHost& pipeline, sdk::StorageBackend& storage) {
  std::string claimant;
  {
    std::lock_guard lock(mutex_);
    if (held_) return {};
    claiming_ = true;  // decided under the lock hold() sets its flag under: no claim slips past it
    claimant = pipeline.worker_identity() + "/sync-" + std::to_string(++claims_);
  }
  std::vector<sdk::Task> tasks;
  std::int64_t rescued = 0;
  auto claimed = storage.transact_row_guarded([&](sdk::Repositories& repos) -> sdk::Status {
    tasks.clear();
    rescued = 0;
    auto control = repos.workers().control();
    if (!control) return std::move(control).error();
    if (!control.value().is_running) return {};  // paused or emergency-stopped by operators
    // Read once the transaction holds the write lock (SQLite), so no lease starts partly spent.
    const auto now = host_.now();
    auto back = repos.tasks().rescue_expired(
        now, "lease expired: the worker holding the task stopped renewing it; rescued by the sync strategy");
    if (!back) return std::move(back).error();
    rescued = back.value();
    auto got = repos.tasks().claim_batch(claimant, settings_.batch_size, now, settings_.lease());
    if (!got) return std::move(got).error();
    tasks = std::move(got).value();
    return {};
  });
  {
    std::lock_guard lock(mutex_);
    claiming_ = false;
    if (claimed) in_hand_ = static_cast<std::int64_t>(tasks.size());
  }
  changed_.notify_all();
  if (!claimed) {
    host_.log(sdk::LogLevel::warn, "queue: the sync strategy could not claim queued tasks: " + claimed.error().message);
    return {};
  }
  if (rescued > 0) host_.log(sdk::LogLevel::info, "queue: " + std::to_string(rescued) + " tasks with expired leases rescued");
  return tasks;
}

std::size_t Backlog::work_batch(sdk::QueueHost& pipeline, sdk::StorageBackend& storage, std::stop_token stop) {
  const auto tasks = claim(pipeline, storage);
  if (tasks.empty()) return 0;
  std::vector<sdk::ArticleId> ids;  // one per task: a claim never holds two tasks of one article
  for (const auto& task : tasks) ids.push_back(task.article_id);
  CallEnd end = CallEnd::stopped;  // unless the call runs: no outcome then, so every task is released
  std::vector<sdk::IndexOutcome> outcomes;
  if (BusyHold hold(busy_, ids, stop); hold.held()) {
    BoundedCall call(stop, settings_.timeout);
    // Each task for the embedding set it names (none: every set the host keeps current).
    std::vector<sdk::IndexRequest> requests;
    for (const auto& task : tasks) requests.push_back({task.article_id, task.embedding_set_id});
    outcomes = pipeline.index_requests(requests, call.token());
    end = call.stopped() ? CallEnd::stopped : call.timed_out() ? CallEnd::timed_out : CallEnd::answered;
  }
  auto recorded = record_outcomes(storage, host_, tasks, outcomes, end, settings_);
  if (!recorded) {
    host_.log(sdk::LogLevel::error, "queue: could not record the outcome of " + std::to_string(tasks.size()) +
                                        " queued tasks (they are rescued when their leases expire): " +
                                        recorded.error().message);
  } else if (recorded->failed + recorded->retried > 0) {
    host_.log(sdk::LogLevel::warn, "queue: of " + std::to_string(tasks.size()) + " queued tasks, " +
                                       std::to_string(recorded->retried) + " will be retried and " +
                                       std::to_string(recorded->failed) + " failed");
  }
  {
    std::lock_guard lock(mutex_);
    in_hand_ = 0;
  }
  changed_.notify_all();
  return tasks.size();
}

}  // namespace vellum::queue_sync
