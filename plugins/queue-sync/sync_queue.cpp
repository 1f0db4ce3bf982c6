#include "sync_queue.hpp"

#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "bounded_call.hpp"

namespace vellum::queue_sync {

sdk::Status SyncQueue::start() {
  {
    std::lock_guard lock(mutex_);
    if (!running_) {
      stop_ = std::stop_source();
      running_ = true;
    }
  }
  backlog_.start();
  return sdk::ok_status();
}

sdk::Status SyncQueue::pause() {
  {
    std::lock_guard lock(mutex_);
    paused_ = true;
  }
  backlog_.hold(true);
  return sdk::ok_status();
}

sdk::Status SyncQueue::resume() {
  {
    std::lock_guard lock(mutex_);
    paused_ = false;
  }
  backlog_.hold(false);
  return sdk::ok_status();
}

sdk::Status SyncQueue::drain(std::chrono::steady_clock::time_point deadline) {
  backlog_.hold(true);
  std::unique_lock lock(mutex_);
  const bool inline_idle = idle_.wait_until(lock, deadline, [&] { return in_flight_ == 0; });
  const auto inline_left = in_flight_;
  lock.unlock();
  if (inline_idle && backlog_.wait_idle(deadline)) return sdk::ok_status();
  return sdk::Error(sdk::ErrorKind::transient, "drain deadline passed with " + std::to_string(inline_left) +
                                                   " articles still being indexed inline and " +
                                                   std::to_string(backlog_.tasks_in_hand()) + " queued tasks in hand");
}

void SyncQueue::stop() {
  {
    std::lock_guard lock(mutex_);
    running_ = false;
    stop_.request_stop();  // cancelled inline calls return promptly and park their articles
  }
  // The backlog first, so it does not claim the articles just parked only to release them again.
  backlog_.stop();
  std::unique_lock lock(mutex_);
  idle_.wait(lock, [&] { return in_flight_ == 0; });
}

sdk::QueueStatus SyncQueue::status() const {
  const auto queued_in_hand = backlog_.tasks_in_hand();
  std::lock_guard lock(mutex_);
  sdk::QueueStatus out{"sync", running_ ? (paused_ ? "paused" : "running") : "stopped", 0,
                       in_flight_ + queued_in_hand, ""};
  if (failures_ > 0) {
    out.detail = std::to_string(failures_) + " articles left unindexed inline since start (each queued as a task); "
                 "last: " + last_failure_;
  }
  return out;
}

sdk::Status SyncQueue::index(sdk::QueueHost& pipeline, sdk::ArticleId id, std::stop_token stop, Shortfall& why) {
  const std::vector<sdk::ArticleId> ids{id};
  const auto started = std::chrono::steady_clock::now();
  std::vector<sdk::IndexOutcome> outcomes;
  bool stopped = true;  // unless the call runs
  bool timed_out = false;
  if (BusyHold hold(busy_, ids, stop); hold.held()) {
    BoundedCall call(stop, settings_.timeout);
    outcomes = pipeline.index_articles(ids, call.token());
    stopped = call.stopped();
    timed_out = call.timed_out();
  }
  const auto elapsed = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started);
  why = stopped ? Shortfall::stopped : Shortfall::failed;
  if (outcomes.empty()) {
    return stopped ? sdk::Error(sdk::ErrorKind::cancelled, "the sync strategy stopped before the article was indexed")
                   : sdk::Error(sdk::ErrorKind::internal, "the pipeline gave no outcome");
  }
  if (!outcomes.front().status.ok()) {
    auto error = outcomes.front().status.error();
    if (timed_out) error.message = "timed out after " + std::to_string(settings_.timeout.count()) + " ms: " + error.message;
    return error;
  }
  host_.record_metric("queue.sync_index_time", elapsed.count(), "ms");
  return sdk::ok_status();
}

void SyncQueue::left_unindexed(const sdk::ArticleChange& change, Shortfall why, const std::string& error) {
  // A failure is tried again after retry_delay; work cut short by a stop is due at once, for whichever
  // strategy runs next.
  const auto delay = why == Shortfall::failed ? settings_.retry_delay : std::chrono::milliseconds(0);
  const auto parked = park(host_, {change, why, error, delay, task_max_attempts()});
  std::string message = "article " + std::to_string(change.article_id) + " left unindexed inline (" + change.reason +
                        "): " + error + "; ";
  message += parked ? "queued as a task, due in " + std::to_string(delay.count()) + " ms"
                    : "could not queue it as a task: " + parked.error().message;
  host_.log(parked ? sdk::LogLevel::warn : sdk::LogLevel::error, "queue: " + message);
  if (parked) host_.record_metric("queue.sync_queued", 1, "count");
  if (why == Shortfall::failed) {
    host_.record_metric("queue.sync_failures", 1, "count");
    std::lock_guard lock(mutex_);
    ++failures_;
    last_failure_ = message;
  }
  if (parked) backlog_.wake();
  auto* pipeline = host_.queue_host();
  auto storage = pipeline ? pipeline->storage() : nullptr;
  if (!storage) return;
  sdk::AuditEntry entry;
  entry.timestamp = host_.now();
  entry.level = parked ? "warn" : "error";
  entry.category = "task_lifecycle";
  const char* event = why == Shortfall::failed ? "sync_index_failed" : "sync_index_deferred";
  entry.message = std::string("Task ") + event;
  entry.article_id = change.article_id;
  entry.metadata_json = nlohmann::json{{"event", event},
                                       {"strategy", "sync"},
                                       {"shortfall", to_string(why)},
                                       {"queued", parked.ok()},
                                       {"delayMs", delay.count()}}
                            .dump();
  entry.error = error;
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
    left_unindexed(change, Shortfall::not_running, "the sync strategy is not running (stopped or paused)");
    return;
  }
  Shortfall why = Shortfall::failed;
  sdk::Status indexed = sdk::ok_status();
  if (auto* pipeline = host_.queue_host()) {
    indexed = index(*pipeline, change.article_id, *stop, why);
  } else {
    indexed = sdk::Error(sdk::ErrorKind::unavailable, "the host offers no indexing pipeline");
  }
  if (!indexed) {
    left_unindexed(change, why, std::string(sdk::to_string(indexed.error().kind)) + ": " + indexed.error().message);
  }
  {
    std::lock_guard lock(mutex_);
    --in_flight_;
  }
  idle_.notify_all();
}

}  // namespace vellum::queue_sync
