#include "scheduler.hpp"

#include <algorithm>

#include "journal.hpp"
#include "transitions.hpp"

namespace vellum::queue_background {

namespace {

using Clock = std::chrono::steady_clock;

// Every task held by this process (claimed and waiting, or being worked on). Under the lock.
std::vector<sdk::Task> held_tasks(const RunState& run) {
  std::vector<sdk::Task> out;
  auto take = [&](const auto& batches) {
    for (const auto& batch : batches) out.insert(out.end(), batch->tasks.begin(), batch->tasks.end());
  };
  take(run.ready);
  take(run.in_flight);
  return out;
}

// The operators' emergency stop: no claims, in-flight provider calls cancelled, held tasks cancelled
// with the operators' reason; when the workers come back their results are dropped (the guards fail).
void enter_emergency(RunState& run, sdk::StorageBackend& storage, const std::string& reason) {
  std::vector<sdk::Task> tasks;
  {
    std::lock_guard lock(run.mutex);
    tasks = held_tasks(run);
    for (auto& batch : run.in_flight) batch->cancel(CancelReason::emergency);
    run.ready.clear();  // claimed but never started: cancelled below like the rest
  }
  const auto cancelled = cancel_tasks(run, storage, tasks, reason);
  Journal journal;
  journal.worker_event("emergency_stop",
                       {{"reason", reason}, {"cancelledTasks", cancelled}, {"workerId", run.worker_id}},
                       run.host.now(), "warn");
  write_journal(storage, journal, run.host);
  run.host.log(sdk::LogLevel::warn, "queue: emergency stop (" + reason + "): " + std::to_string(cancelled) +
                                        " in-flight tasks cancelled, claiming stopped");
}

void poll_control(RunState& run, sdk::StorageBackend& storage) {
  sdk::WorkerControl control;
  auto read = storage.read([&](sdk::Repositories& repos) -> sdk::Status {
    auto found = repos.workers().control();
    if (!found) return std::move(found).error();
    control = std::move(found).value();
    return {};
  });
  if (!read) {
    // Keep the last known desired state; say why in status().
    std::lock_guard lock(run.mutex);
    run.problem = "cannot read the control row: " + read.error().message;
    return;
  }
  // An emergency is a stop with a reason; setting is_running back to true resumes, reason or not.
  const bool emergency = !control.is_running && control.emergency_reason.has_value();
  sdk::WorkerControl before;
  bool was_emergency = false;
  {
    std::lock_guard lock(run.mutex);
    before = run.control;
    was_emergency = run.emergency;
    run.control = control;
    run.emergency = emergency;
    if (run.problem.rfind("cannot read the control row", 0) == 0) run.problem.clear();
  }
  if (emergency && !was_emergency) enter_emergency(run, storage, *control.emergency_reason);

  Journal journal;
  const auto now = run.host.now();
  const nlohmann::json who = {{"workerId", run.worker_id}};
  if (before.is_running && !control.is_running && !emergency) journal.worker_event("paused", who, now);
  if (!before.is_running && control.is_running) journal.worker_event("resumed", who, now);
  if (!before.draining && control.draining) journal.worker_event("draining", who, now);
  if (before.draining && !control.draining) journal.worker_event("drain_ended", who, now);
  write_journal(storage, journal, run.host);
  if (control.is_running && !before.is_running) run.changed.notify_all();
}

// Leases of held tasks run to now + lease, never past processed_at + max_processing_time: a worker
// that hangs beyond that loses its tasks to the rescuer even though it is alive. A task whose lease
// cannot be renewed is no longer ours; a batch with none left is cancelled so it stops spending calls.
void renew_leases(RunState& run, sdk::StorageBackend& storage) {
  std::vector<BatchPtr> batches;
  {
    std::lock_guard lock(run.mutex);
    batches.insert(batches.end(), run.ready.begin(), run.ready.end());
    batches.insert(batches.end(), run.in_flight.begin(), run.in_flight.end());
  }
  if (batches.empty()) return;
  std::vector<std::size_t> kept(batches.size(), 0);
  auto renewed = storage.transact_row_guarded([&](sdk::Repositories& repos) -> sdk::Status {
    std::fill(kept.begin(), kept.end(), 0);
    // Read once the transaction holds the write lock (SQLite), as in claim(): a renewal that waited
    // for it must not write a lease already partly or wholly spent.
    const auto now = run.host.now();
    for (std::size_t b = 0; b < batches.size(); ++b) {
      for (const auto& task : batches[b]->tasks) {
        auto until = now + run.settings.lease;
        if (task.processed_at) until = std::min(until, *task.processed_at + run.settings.max_processing_time);
        if (until <= now) continue;  // held too long: let the lease run out
        auto ours = repos.tasks().extend_lease(task.id, run.claimant_of(task), until);
        if (!ours) return std::move(ours).error();
        if (ours.value()) ++kept[b];
      }
    }
    return {};
  });
  if (!renewed) {
    run.host.log(sdk::LogLevel::warn, "queue: could not renew leases: " + renewed.error().message);
    return;
  }
  for (std::size_t b = 0; b < batches.size(); ++b) {
    if (kept[b] == 0) batches[b]->cancel(CancelReason::lost);
  }
}

void cancel_overdue(RunState& run, SteadyTime now) {
  std::lock_guard lock(run.mutex);
  for (auto& batch : run.in_flight) {
    if (batch->reason() == CancelReason::none && now >= batch->deadline) {
      batch->cancel(CancelReason::timeout);
      run.host.log(sdk::LogLevel::warn, "queue: a batch of " + std::to_string(batch->tasks.size()) +
                                            " tasks ran past task_timeout_ms (" +
                                            std::to_string(run.settings.task_timeout.count()) + " ms); cancelled");
    }
  }
}

// Claims one batch in one transaction with its task_dequeued / processing_started rows and wait-time
// samples (the log written with the claim, never on another connection). Returns how many were claimed.
// The clock is read inside the transaction (on SQLite: once it holds the write lock). Read before, a
// claim that then waited for the lock stamped processed_at earlier than an article write that
// committed meanwhile and coalesced into the task it claimed: the embedding of the new content looked
// older than the content, and its leases started partly spent.
sdk::Result<std::size_t> claim(RunState& run, sdk::StorageBackend& storage) {
  auto batch = std::make_shared<Batch>();
  Journal journal;
  sdk::Timestamp now{};
  const std::string claimant = run.next_claimant();
  auto claimed = storage.transact_row_guarded([&](sdk::Repositories& repos) -> sdk::Status {
    journal.clear();
    now = run.host.now();
    auto tasks = repos.tasks().claim_batch(claimant, run.settings.batch_size, now, run.settings.lease);
    if (!tasks) return std::move(tasks).error();
    batch->tasks = std::move(tasks).value();
    for (const auto& task : batch->tasks) {
      const auto waited = std::max<std::int64_t>(
          0, std::chrono::duration_cast<std::chrono::milliseconds>(now - task.scheduled_at).count());
      journal.queue_event(task, "task_dequeued", {{"waitTimeMs", waited}, {"workerId", run.worker_id}}, now);
      journal.task_event(task, "processing_started", {{"workerId", run.worker_id}}, now);
      journal.sample("task_wait_time", static_cast<double>(waited), "ms", now, &task);
    }
    if (!batch->tasks.empty()) {
      journal.sample("batch_size", static_cast<double>(batch->tasks.size()), "tasks", now);
    }
    return journal.append_to(repos);
  });
  if (!claimed) return std::move(claimed).error();
  publish_samples(journal, run.host);
  const auto count = batch->tasks.size();
  {
    std::lock_guard lock(run.mutex);
    run.queue_empty = count == 0;
    if (count > 0) run.ready.push_back(std::move(batch));
  }
  if (count > 0) run.changed.notify_all();
  return count;
}

}  // namespace

void run_scheduler(RunState& run, std::stop_token stop) {
  const auto& s = run.settings;
  const auto renew_every = std::max(s.lease / 3, std::chrono::milliseconds(10));
  auto next_poll = Clock::now();
  auto next_renewal = Clock::now() + renew_every;
  auto next_claim = Clock::now();
  bool told_no_host = false;

  while (!stop.stop_requested()) {
    auto storage = run.storage();
    if (!storage) {
      // The host offers its pipeline after the runtime is built; until then there is nothing to do.
      {
        std::lock_guard lock(run.mutex);
        run.problem = "waiting for the host's indexing pipeline";
      }
      if (!told_no_host) run.host.log(sdk::LogLevel::warn, "queue: no indexing pipeline yet; not claiming");
      told_no_host = true;
      std::unique_lock lock(run.mutex);
      run.changed.wait_for(lock, stop, s.poll_interval, [] { return false; });
      continue;
    }
    if (told_no_host) {
      std::lock_guard lock(run.mutex);
      if (run.problem == "waiting for the host's indexing pipeline") run.problem.clear();
      told_no_host = false;
    }

    auto now = Clock::now();
    if (now >= next_poll) {
      poll_control(run, *storage);
      next_poll = Clock::now() + s.poll_interval;
    }
    if (now >= next_renewal) {
      renew_leases(run, *storage);
      next_renewal = Clock::now() + renew_every;
    }
    cancel_overdue(run, now);

    bool may_claim = false;
    {
      std::lock_guard lock(run.mutex);
      if (run.next_due && now >= *run.next_due) {
        run.next_due.reset();
        run.wake = true;
      }
      may_claim = run.claiming_allowed() && run.wants_batch() && (run.wake || now >= next_claim);
      if (may_claim) {
        run.wake = false;
        run.claiming = true;  // decided under the lock that drain() sets its flag under: no claim slips past
      }
    }
    if (may_claim) {
      auto claimed = claim(run, *storage);
      {
        std::lock_guard lock(run.mutex);
        run.claiming = false;
      }
      run.changed.notify_all();
      if (!claimed) {
        run.host.log(sdk::LogLevel::warn, "queue: claim failed: " + claimed.error().message);
        std::lock_guard lock(run.mutex);
        run.problem = "claim failed: " + claimed.error().message;
        next_claim = Clock::now() + s.worker_interval;
      } else {
        {
          std::lock_guard lock(run.mutex);
          if (run.problem.rfind("claim failed", 0) == 0) run.problem.clear();
        }
        // A full batch suggests more is due: claim again as soon as a worker is free.
        next_claim = claimed.value() == s.batch_size ? Clock::now() : Clock::now() + s.worker_interval;
      }
    }

    // Sleep until the next thing to do, or until woken.
    std::unique_lock lock(run.mutex);
    auto until = std::min({next_poll, next_renewal});
    if (run.claiming_allowed()) {
      if (run.wants_batch()) until = std::min(until, next_claim);
      if (run.next_due) until = std::min(until, *run.next_due);
    }
    for (const auto& batch : run.in_flight) {
      if (batch->reason() == CancelReason::none) until = std::min(until, batch->deadline);
    }
    // A worker that turns idle only notifies: when a claim is already due (at start, after a full
    // batch) that alone must wake us, or the first claim would wait for the next timed event.
    run.changed.wait_until(lock, stop, until, [&] {
      return (run.wake || Clock::now() >= next_claim) && run.claiming_allowed() && run.wants_batch();
    });
  }
}

}  // namespace vellum::queue_background
