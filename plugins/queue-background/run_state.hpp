// What the threads of one started queue share: settings, the last control row read, claimed batches
// waiting for a worker, batches being worked on, and the wake-ups between them. One RunState lives
// from start() to stop(); a restart gets a fresh one (only the counters outlive it).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "settings.hpp"
#include "verdict.hpp"
#include "vellum/sdk/host_context.hpp"
#include "vellum/sdk/queue.hpp"

namespace vellum::queue_background {

using SteadyTime = std::chrono::steady_clock::time_point;

// Totals for this process's heartbeat row, kept across restarts of the same strategy object.
struct WorkerCounters {
  std::atomic<std::int64_t> processed{0};  // attempts that ended (completed or failed)
  std::atomic<std::int64_t> succeeded{0};
  std::atomic<std::int64_t> failed{0};     // failed attempts, retried or not (queue-spec §2.3)
  std::atomic<std::int64_t> claims{0};     // numbers each claim of this process (RunState::next_claimant)
};

// Since the last periodic metrics sample.
struct IntervalCounters {
  std::atomic<std::int64_t> processed{0};
  std::atomic<std::int64_t> failed{0};
  std::atomic<std::int64_t> busy_ms{0};  // worker time spent in batches
};

// Tasks claimed together and embedded together.
struct Batch {
  std::vector<sdk::Task> tasks;
  SteadyTime deadline{};  // task_timeout from when a worker took it
  std::stop_source stop;  // handed to the pipeline: cancels provider calls

  // The first reason wins: a batch timed out and then shut down is still a timeout.
  void cancel(CancelReason why) {
    CancelReason expected = CancelReason::none;
    reason_.compare_exchange_strong(expected, why);
    stop.request_stop();
  }
  [[nodiscard]] CancelReason reason() const { return reason_.load(); }

 private:
  std::atomic<CancelReason> reason_{CancelReason::none};
};
using BatchPtr = std::shared_ptr<Batch>;

struct RunState {
  RunState(const BackgroundSettings& s, sdk::HostContext& h, std::string id, WorkerCounters& c)
      : settings(s), host(h), worker_id(std::move(id)), started_at(h.now()), counters(c) {}

  const BackgroundSettings settings;
  sdk::HostContext& host;
  const std::string worker_id;
  const sdk::Timestamp started_at;
  WorkerCounters& counters;
  IntervalCounters interval;

  std::mutex mutex;
  std::condition_variable_any changed;  // any field below changed
  // --- guarded by mutex ---
  bool local_paused = false;     // pause() by the host
  bool drain_requested = false;  // drain() by the host: no more claims
  sdk::WorkerControl control;    // the operators' desired state, as last read
  bool emergency = false;        // control says emergency stop, and in-flight work was failed
  std::deque<BatchPtr> ready;    // claimed, waiting for a worker
  std::vector<BatchPtr> in_flight;
  bool claiming = false;         // a claim's transaction is running: its batch is not in `ready` yet
  std::size_t idle_workers = 0;
  bool wake = false;             // claim now: a local write, a finished batch, rescued tasks
  std::optional<SteadyTime> next_due;  // earliest retry this process scheduled
  bool queue_empty = false;      // the last claim found nothing due
  std::string problem;           // why the queue cannot work right now ("" = fine)

  // Who the next claim is made by: "<worker id>/<claim number>". Every transition of a claimed task is
  // guarded by its claimant, so a batch that lost its tasks (leases expired while this process stalled,
  // then rescued) cannot write over the same tasks claimed again by this process: only its own claim
  // matches. The worker id alone would match both.
  [[nodiscard]] std::string next_claimant() { return worker_id + "/" + std::to_string(++counters.claims); }
  // The claimant a held task's transitions must name: the one its claim stored (claim_batch returns
  // its tasks as stored, so it is always there; without one, "" matches no row).
  [[nodiscard]] static std::string claimant_of(const sdk::Task& task) { return task.claimed_by.value_or(""); }
  // Whether `claimed_by` is one of this process's claims. (The worker id carries a random part per
  // process, so no claim of another process or binary can match.)
  [[nodiscard]] bool claimed_here(const std::optional<std::string>& claimed_by) const {
    return claimed_by && claimed_by->rfind(worker_id + "/", 0) == 0;
  }

  // Under the lock: may the scheduler claim?
  [[nodiscard]] bool claiming_allowed() const {
    return !local_paused && !drain_requested && control.is_running && !emergency;
  }
  // Under the lock: is a claimed batch wanted? One for each idle worker, and one held ready while
  // every worker is busy, so the next claim's transaction overlaps the running batch instead of
  // following it (the worker starts its next batch without waiting for the database).
  [[nodiscard]] bool wants_batch() const { return ready.size() < idle_workers + (in_flight.empty() ? 0 : 1); }
  // Under the lock: no claimed work anywhere, including a claim that has committed but not yet
  // handed over its batch (its tasks already show as processing).
  [[nodiscard]] bool idle() const { return ready.empty() && in_flight.empty() && !claiming; }
  [[nodiscard]] std::size_t tasks_held() const {
    std::size_t n = 0;
    for (const auto& b : ready) n += b->tasks.size();
    for (const auto& b : in_flight) n += b->tasks.size();
    return n;
  }
  void notify() {
    {
      std::lock_guard lock(mutex);
      wake = true;
    }
    changed.notify_all();
  }

  // The host's pipeline and the storage of its current runtime; nullptr until the host offers them.
  [[nodiscard]] sdk::QueueHost* queue_host() { return host.queue_host(); }
  [[nodiscard]] std::shared_ptr<sdk::StorageBackend> storage() {
    auto* qh = host.queue_host();
    return qh ? qh->storage() : nullptr;
  }
};

}  // namespace vellum::queue_background
