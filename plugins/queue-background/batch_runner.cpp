#include "batch_runner.hpp"

#include <random>

#include "journal.hpp"
#include "transitions.hpp"

namespace vellum::queue_background {

namespace {

// Jitter only needs to differ between tasks and processes, not to be unpredictable.
double unit_random() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(engine);
}

// Outcomes come one per task, in the batch's order.
std::vector<Decision> decide_all(RunState& run, const Batch& batch, const std::vector<sdk::IndexOutcome>& outcomes) {
  const BackoffPolicy backoff{run.settings.backoff_base, run.settings.backoff_cap, run.settings.jitter_percent};
  static const sdk::IndexOutcome kMissing{0, sdk::Error(sdk::ErrorKind::internal, "the pipeline gave no outcome"),
                                          0, false};
  std::vector<Decision> decisions;
  for (std::size_t i = 0; i < batch.tasks.size(); ++i) {
    const auto& task = batch.tasks[i];
    const bool answered = i < outcomes.size() && outcomes[i].article_id == task.article_id;
    const sdk::IndexOutcome* outcome = answered ? &outcomes[i] : &kMissing;
    VerdictInputs in{task, *outcome, batch.reason(), run.settings.task_timeout};
    decisions.push_back({&task, decide(in, backoff, unit_random()), outcome});
  }
  return decisions;
}

void process(RunState& run, Batch& batch) {
  auto* pipeline = run.queue_host();
  auto storage = run.storage();
  if (!pipeline || !storage) return;  // the host withdrew its pipeline: leases expire, tasks are rescued

  // One request per task, for the set the task names (none: every set the host keeps current).
  std::vector<sdk::IndexRequest> requests;
  for (const auto& task : batch.tasks) requests.push_back({task.article_id, task.embedding_set_id});
  const auto started = std::chrono::steady_clock::now();
  const auto outcomes = pipeline->index_requests(requests, batch.stop.get_token());
  const auto elapsed =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  run.interval.busy_ms += elapsed.count();

  const auto decisions = decide_all(run, batch, outcomes);
  auto applied = apply_decisions(run, *storage, decisions, elapsed);
  if (!applied) {
    run.host.log(sdk::LogLevel::error, "queue: could not record the outcome of " +
                                           std::to_string(batch.tasks.size()) +
                                           " tasks (they will be rescued when their leases expire): " +
                                           applied.error().message);
    Journal journal;
    journal.error_event("Failed to handle task outcomes", applied.error().message,
                        {{"tasks", batch.tasks.size()}, {"workerId", run.worker_id}}, run.host.now());
    write_journal(*storage, journal, run.host);
    return;
  }
  if (applied->soonest_due) {
    // A few ms late on purpose: the claim must see the task due by the database's clock too.
    const auto due = std::chrono::steady_clock::now() + *applied->soonest_due + std::chrono::milliseconds(5);
    std::lock_guard lock(run.mutex);
    if (!run.next_due || due < *run.next_due) run.next_due = due;
  }
}

}  // namespace

void run_worker(RunState& run, std::stop_token stop) {
  for (;;) {
    BatchPtr batch;
    {
      std::unique_lock lock(run.mutex);
      ++run.idle_workers;
      run.changed.notify_all();  // the scheduler claims only for idle workers
      run.changed.wait(lock, stop, [&] { return !run.ready.empty(); });
      --run.idle_workers;
      // Once stopping, batches not yet started stay in `ready`; stop() releases them.
      if (stop.stop_requested() || run.ready.empty()) return;
      batch = run.ready.front();
      run.ready.pop_front();
      batch->deadline = std::chrono::steady_clock::now() + run.settings.task_timeout;
      run.in_flight.push_back(batch);
    }
    run.changed.notify_all();  // the scheduler may now claim the next batch ahead (RunState::wants_batch)
    process(run, *batch);
    {
      std::lock_guard lock(run.mutex);
      std::erase(run.in_flight, batch);
      run.wake = true;
    }
    run.changed.notify_all();
  }
}

}  // namespace vellum::queue_background
