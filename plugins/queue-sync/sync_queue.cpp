#include "sync_queue.hpp"

#include <optional>
#include <vector>

#include "bounded_call.hpp"

namespace vellum::queue_sync {

sdk::Status SyncQueue::start() {
  std::lock_guard lock(mutex_);
  if (!running_) {
    stop_ = std::stop_source();
    running_ = true;
  }
  return sdk::ok_status();
}

sdk::Status SyncQueue::pause() {
  std::lock_guard lock(mutex_);
  paused_ = true;
  return sdk::ok_status();
}

sdk::Status SyncQueue::resume() {
  std::lock_guard lock(mutex_);
  paused_ = false;
  return sdk::ok_status();
}

sdk::Status SyncQueue::drain(std::chrono::steady_clock::time_point deadline) {
  std::unique_lock lock(mutex_);
  if (idle_.wait_until(lock, deadline, [&] { return in_flight_ == 0; })) return sdk::ok_status();
  return sdk::Error(sdk::ErrorKind::transient,
                    "drain deadline passed with " + std::to_string(in_flight_) + " articles still being indexed");
}

void SyncQueue::stop() {
  std::unique_lock lock(mutex_);
  running_ = false;
  stop_.request_stop();
  // Cancelled calls return promptly; the writers' threads finish their own bookkeeping.
  idle_.wait(lock, [&] { return in_flight_ == 0; });
}

sdk::QueueStatus SyncQueue::status() const {
  std::lock_guard lock(mutex_);
  sdk::QueueStatus out{"sync", running_ ? (paused_ ? "paused" : "running") : "stopped", 0, in_flight_, ""};
  if (failures_ > 0) {
    out.detail = std::to_string(failures_) + " articles left unindexed since start; last: " + last_failure_;
  }
  return out;
}

sdk::Status SyncQueue::index(sdk::QueueHost& pipeline, sdk::ArticleId id, std::stop_token stop) {
  const std::vector<sdk::ArticleId> ids{id};
  const auto started = std::chrono::steady_clock::now();
  std::vector<sdk::IndexOutcome> outcomes;
  bool timed_out = false;
  {
    BoundedCall call(stop, settings_.timeout);
    outcomes = pipeline.index_articles(ids, call.token());
    timed_out = call.timed_out();
  }
  const auto elapsed = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started);
  if (outcomes.empty()) return sdk::Error(sdk::ErrorKind::internal, "the pipeline gave no outcome");
  if (!outcomes.front().status.ok()) {
    auto error = outcomes.front().status.error();
    if (timed_out) error.message = "timed out after " + std::to_string(settings_.timeout.count()) + " ms: " + error.message;
    return error;
  }
  host_.record_metric("queue.sync_index_time", elapsed.count(), "ms");
  return sdk::ok_status();
}

void SyncQueue::left_unindexed(const sdk::ArticleChange& change, const std::string& why) {
  const std::string message = "article " + std::to_string(change.article_id) + " left unindexed (" + change.reason +
                              "): " + why;
  host_.log(sdk::LogLevel::warn, "queue: " + message);
  host_.record_metric("queue.sync_failures", 1, "count");
  {
    std::lock_guard lock(mutex_);
    ++failures_;
    last_failure_ = message;
  }
  auto* pipeline = host_.queue_host();
  auto storage = pipeline ? pipeline->storage() : nullptr;
  if (!storage) return;
  sdk::AuditEntry entry;
  entry.timestamp = host_.now();
  entry.level = "warn";
  entry.category = "task_lifecycle";
  entry.message = "Task sync_index_failed";
  entry.article_id = change.article_id;
  entry.metadata_json = R"({"event":"sync_index_failed","strategy":"sync"})";
  entry.error = why;
  // Best effort: the write already succeeded and must stay that way.
  (void)storage->transact([&](sdk::Repositories& repos) { return repos.audit().append(entry); });
}

void SyncQueue::on_committed(const sdk::ArticleChange& change) {
  std::optional<std::stop_token> stop;
  {
    std::lock_guard lock(mutex_);
    if (running_ && !paused_) {
      stop = stop_.get_token();
      ++in_flight_;
    }
  }
  if (!stop) {
    left_unindexed(change, "the sync queue is not running (stopped or paused)");
    return;
  }
  sdk::Status indexed = sdk::ok_status();
  if (auto* pipeline = host_.queue_host()) {
    indexed = index(*pipeline, change.article_id, *stop);
  } else {
    indexed = sdk::Error(sdk::ErrorKind::unavailable, "the host offers no indexing pipeline");
  }
  if (!indexed) left_unindexed(change, std::string(sdk::to_string(indexed.error().kind)) + ": " +
                                           indexed.error().message);
  {
    std::lock_guard lock(mutex_);
    --in_flight_;
  }
  idle_.notify_all();
}

}  // namespace vellum::queue_sync
