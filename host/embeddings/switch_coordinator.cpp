#include "embeddings/switch_coordinator.hpp"

#include <cmath>
#include <set>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "common/clock.hpp"
#include "embeddings/set_activation.hpp"
#include "plugins/embedding_lanes.hpp"

namespace vellum::embeddings {

namespace {

// Migration tasks each worker may have queued at once, times the configured share: enough to keep
// the workers busy from one pass to the next (a pass every 250 ms; a worker embeds a few hundred
// articles a second against a fast provider), few enough that queue listings stay readable. Edits
// never wait behind them: migration tasks have low priority and claims take the highest first.
constexpr double kTasksPerWorker = 100;
constexpr auto kSteadyMeasureInterval = std::chrono::seconds(5);

const sdk::EmbeddingSet* stored(const std::vector<sdk::EmbeddingSet>& sets, sdk::EmbeddingSetId id) {
  for (const auto& set : sets)
    if (set.id == id) return &set;
  return nullptr;
}

}  // namespace

void SwitchCoordinator::start() {
  std::lock_guard lock(mutex_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::jthread([this] {
    std::string last_error;
    for (;;) {
      auto passed = tick();
      if (!passed && passed.error().message != last_error) {
        spdlog::warn("embedding sets: {}", passed.error().message);
        last_error = passed.error().message;
      } else if (passed) {
        last_error.clear();
      }
      const auto rt = manager_.current();
      const auto interval = rt && rt->lanes.building ? std::chrono::milliseconds(250) : std::chrono::milliseconds(1000);
      std::unique_lock lock(mutex_);
      wake_.wait_for(lock, interval, [this] { return stopping_ || woken_; });
      if (stopping_) return;
      woken_ = false;
    }
  });
}

void SwitchCoordinator::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void SwitchCoordinator::wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  wake_.notify_all();
}

sdk::Status SwitchCoordinator::follow_stored_states(const plugins::Runtime& runtime,
                                                    const std::vector<sdk::EmbeddingSet>& sets) {
  const auto now = now_ms();
  bool changed = false;
  const auto& lanes = runtime.lanes;
  for (const auto& set : sets) {
    if (set.state == "active" && (!lanes.active || lanes.active->set.id != set.id)) changed = true;
  }
  if (lanes.active) {
    const auto* s = stored(sets, lanes.active->set.id);
    changed = changed || !s || s->state != "active";
  }
  if (lanes.building) {
    const auto* s = stored(sets, lanes.building->set.id);
    changed = changed || !s || s->state != "building";
  }
  if (lanes.previous) {
    const auto* s = stored(sets, lanes.previous->set.id);
    changed = changed || !s || s->state != "previous" ||
              !plugins::within_rollback_window(*s, now, runtime.switching.rollback_window);
  }
  if (!changed) return {};
  return manager_.refresh_lanes();
}

sdk::Status SwitchCoordinator::tick() {
  std::lock_guard lock(tick_mutex_);
  return pass();
}

sdk::Status SwitchCoordinator::pass() {
  auto rt = manager_.current();
  if (!rt || !rt->storage.object || !rt->lanes.active) return {};
  std::vector<sdk::EmbeddingSet> sets;
  auto listed = rt->storage.object->read([&](sdk::Repositories& repos) -> sdk::Status {
    auto all = repos.embedding_sets().list();
    if (!all) return std::move(all).error();
    sets = std::move(all).value();
    return {};
  });
  if (!listed) return listed;
  if (auto followed = follow_stored_states(*rt, sets); !followed) return followed;
  rt = manager_.current();
  if (!rt->lanes.active) return {};
  auto& storage = *rt->storage.object;

  const auto now = now_ms();
  // The building set is measured every pass (its fill and cut-over follow it); the others, which
  // writes keep current, every kSteadyMeasureInterval: each measurement counts over every article.
  const auto clock = std::chrono::steady_clock::now();
  const bool measure_all = clock - last_steady_measure_ >= kSteadyMeasureInterval;
  if (measure_all) last_steady_measure_ = clock;
  std::map<sdk::EmbeddingSetId, sdk::SetCoverage> coverage;
  for (const auto* lane : rt->lanes.live()) {
    if (!measure_all && lane != (rt->lanes.building ? &*rt->lanes.building : nullptr)) continue;
    auto measured = storage.read([&](sdk::Repositories& repos) -> sdk::Status {
      auto c = repos.embedding_sets().coverage(lane->set.id);
      if (!c) return std::move(c).error();
      coverage[lane->set.id] = c.value();
      return {};
    });
    if (!measured) return measured;
    lane->progress->record(coverage[lane->set.id], to_epoch_ms(now));
  }

  if (const auto& building = rt->lanes.building;
      building && coverage[building->set.id].complete() && rt->switching.automatic_cutover) {
    const auto from = rt->lanes.active->set.id;
    auto moved = storage.transact([&](sdk::Repositories& repos) { return cut_over(repos, building->set.id, now); });
    if (!moved) return moved.error().with_context("cutting over to embedding set " + std::to_string(building->set.id));
    spdlog::info("embedding set {} ({}/{}) holds every article: search now uses it; set {} is kept current for "
                 "a rollback",
                 building->set.id, building->set.provider, building->set.model, from);
    fill_.erase(building->set.id);
    return manager_.refresh_lanes();
  }

  // Only the building set is filled here: the active and previous sets are kept current by the
  // tasks every write queues, and what an operator cancelled or drained stays so.
  if (const auto& building = rt->lanes.building; building && !coverage[building->set.id].complete()) {
    return fill(*rt, *building);
  }
  return {};
}

sdk::Status SwitchCoordinator::fill(const plugins::Runtime& runtime, const plugins::EmbeddingLane& lane) {
  if (!runtime.queue.object || !lane.provider) return {};
  auto& storage = *runtime.storage.object;
  const auto set_id = lane.set.id;
  auto& state = fill_[set_id];
  const bool queued_work = runtime.queue.object->uses_task_table();
  const double workers = std::max<double>(1, static_cast<double>(runtime.queue.object->status().workers));
  const auto budget = static_cast<std::size_t>(
      std::max(1.0, std::ceil(runtime.switching.migration_share * (queued_work ? workers : 1) * kTasksPerWorker)));

  // What already waits for this set: the outbox's tasks for recent edits, and earlier fill passes.
  std::set<sdk::ArticleId> open;
  std::vector<sdk::ArticleId> lacking;
  bool held = false;  // the operators stopped or are draining the queue: the fill waits with it
  auto read = storage.read([&](sdk::Repositories& repos) -> sdk::Status {
    auto control = repos.workers().control();
    if (!control) return std::move(control).error();
    held = !control->is_running || control->draining;
    if (held) return {};
    if (queued_work) {
      sdk::TaskQuery q;
      q.statuses = {sdk::TaskStatus::pending, sdk::TaskStatus::processing};
      q.embedding_set_id = set_id;
      auto tasks = repos.tasks().list(q);
      if (!tasks) return std::move(tasks).error();
      for (const auto& t : tasks.value()) open.insert(t.article_id);
    }
    if (open.size() >= budget) return {};
    auto needing = repos.embedding_sets().articles_needing(set_id, state.cursor, budget * 2);
    if (!needing) return std::move(needing).error();
    lacking = std::move(needing).value();
    return {};
  });
  if (!read) return read;
  if (held || open.size() >= budget) return {};

  // An article queued once is not queued again by this process: one its provider failed for good, or
  // whose task an operator cancelled, stays lacking (visible in the coverage) until it changes (its
  // edit queues a task for this set) or `vellum queue migrate` asks again.
  // The next pass continues after the last article looked at here, and starts over past the end.
  std::vector<sdk::ArticleId> chosen;
  std::size_t examined = 0;
  for (auto id : lacking) {
    if (chosen.size() + open.size() >= budget) break;
    ++examined;
    state.cursor = id;
    if (open.count(id) || !state.queued.insert(id).second) continue;
    chosen.push_back(id);
  }
  if (examined == lacking.size() && lacking.size() < budget * 2) state.cursor = 0;
  if (chosen.empty()) return {};

  if (!queued_work) {
    // The synchronous strategy has no workers to hand this to: embed here, a few at a time.
    std::vector<sdk::IndexRequest> requests;
    for (auto id : chosen) requests.push_back({id, set_id});
    for (const auto& outcome : pipeline_.index_requests(requests, {})) {
      if (!outcome.status) {
        spdlog::warn("article {} not embedded into set {}: {}", outcome.article_id, set_id,
                     outcome.status.error().message);
      }
    }
    return {};
  }
  const auto now = now_ms();
  const auto max_attempts = runtime.queue.object->task_max_attempts();
  auto queued = storage.transact([&](sdk::Repositories& repos) -> sdk::Status {
    for (auto id : chosen) {
      auto article = repos.articles().find_by_id(id);
      if (!article) return std::move(article).error();
      if (!article.value() || article.value()->no_rag) continue;  // deleted or excluded meanwhile
      sdk::TaskDraft draft;
      draft.article_id = id;
      draft.slug = article.value()->slug;
      draft.operation = sdk::TaskOperation::update;
      draft.priority = sdk::TaskPriority::low;
      draft.max_attempts = max_attempts;
      draft.now = now;
      draft.scheduled_at = now;
      draft.embedding_set_id = set_id;
      draft.metadata_json = nlohmann::json{{"reason", "migration"},
                                           {"title", article.value()->title},
                                           {"embeddingSetId", set_id}}
                                .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      auto enqueued = repos.tasks().enqueue(draft);
      if (!enqueued) return std::move(enqueued).error();
    }
    return {};
  });
  if (!queued) return queued;
  // Wake the workers as a write would: they may be sleeping out their poll interval.
  runtime.queue.object->on_committed({chosen.front(), sdk::TaskOperation::update, sdk::TaskPriority::low, "migration"});
  return {};
}

}  // namespace vellum::embeddings
