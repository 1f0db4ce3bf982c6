#include "plugins/hot_swap.hpp"

#include <spdlog/spdlog.h>

#include "plugins/embedding_lanes.hpp"

namespace vellum::plugins {

namespace {
std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out.empty() ? "none" : out;
}
}  // namespace

sdk::Result<SwapOutcome> RuntimeManager::apply(const RuntimeSpec& spec, const PluginCatalog& catalog,
                                               BuildReport* report, const StorageAdmission* admit) {
  std::lock_guard lock(swap_mutex_);
  const RuntimePtr old = holder_.current();
  SwapOutcome outcome;
  auto built = build_runtime(spec, catalog, host_, old.get(), &outcome.report, admit);
  if (report) *report = outcome.report;
  if (!built) {
    spdlog::error("runtime change refused, keeping generation {}: {}", old ? old->generation : 0,
                  built.error().message);
    return std::move(built).error();
  }
  std::shared_ptr<Runtime> next = std::move(built).value();
  next->switching = spec.switching;
  if (auto resolved = resolve_lanes(*next, old.get(), spec.switching, catalog, host_); !resolved) {
    spdlog::error("runtime change refused, keeping generation {}: {}", old ? old->generation : 0,
                  resolved.error().message);
    return resolved.error();
  }
  const auto& old_queue = old ? old->queue.object : nullptr;
  const bool queue_changed = old_queue != next->queue.object;

  if (queue_changed && old_queue) old_queue->stop();
  holder_.publish(next);
  if (queue_changed && next->queue.object) {
    if (auto started = next->queue.object->start(); !started) {
      // The new queue cannot run: put everything back as it was, old queue running again.
      holder_.publish(old);
      if (old_queue) {
        if (auto restarted = old_queue->start(); !restarted) {
          spdlog::error("could not restart the previous queue strategy: {}", restarted.error().message);
        }
      }
      auto error = started.error().with_context("queue plugin '" + spec.queue.plugin + "' failed to start");
      spdlog::error("runtime change reverted: {}", error.message);
      return error;
    }
  }
  outcome.applied = true;
  outcome.generation = next->generation;
  last_spec_ = spec;
  last_catalog_ = catalog;
  spdlog::info("runtime generation {} active (rebuilt: {}; reused: {})", next->generation,
               join(outcome.report.rebuilt), join(outcome.report.reused));
  return outcome;
}

namespace {
bool same_lanes(const EmbeddingLanes& a, const EmbeddingLanes& b) {
  auto same = [](const std::optional<EmbeddingLane>& x, const std::optional<EmbeddingLane>& y) {
    if (x.has_value() != y.has_value()) return false;
    return !x || (x->set.id == y->set.id && x->set.state == y->set.state && x->provider == y->provider);
  };
  return same(a.active, b.active) && same(a.building, b.building) && same(a.previous, b.previous);
}
}  // namespace

sdk::Status RuntimeManager::refresh_lanes() {
  std::lock_guard lock(swap_mutex_);
  const RuntimePtr old = holder_.current();
  if (!old || !last_spec_ || !last_catalog_) return {};
  auto next = std::make_shared<Runtime>(*old);
  if (auto resolved = resolve_lanes(*next, old.get(), last_spec_->switching, *last_catalog_, host_); !resolved) {
    return resolved;
  }
  if (same_lanes(old->lanes, next->lanes)) return {};
  next->generation = old->generation + 1;
  holder_.publish(next);
  spdlog::info("runtime generation {} active: search uses embedding set {}{}", next->generation,
               next->lanes.active ? next->lanes.active->set.id : 0,
               next->lanes.building ? ", filling set " + std::to_string(next->lanes.building->set.id) : "");
  return {};
}

void RuntimeManager::stop_queue() {
  std::lock_guard lock(swap_mutex_);
  if (auto runtime = holder_.current(); runtime && runtime->queue.object) runtime->queue.object->stop();
}

}  // namespace vellum::plugins
