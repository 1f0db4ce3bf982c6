#include "plugins/hot_swap.hpp"

#include <spdlog/spdlog.h>

namespace vellum::plugins {

namespace {
std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out.empty() ? "none" : out;
}
}  // namespace

sdk::Result<SwapOutcome> RuntimeManager::apply(const RuntimeSpec& spec, const PluginCatalog& catalog,
                                               BuildReport* report) {
  std::lock_guard lock(swap_mutex_);
  const RuntimePtr old = holder_.current();
  SwapOutcome outcome;
  auto built = build_runtime(spec, catalog, host_, old.get(), &outcome.report);
  if (report) *report = outcome.report;
  if (!built) {
    spdlog::error("runtime change refused, keeping generation {}: {}", old ? old->generation : 0,
                  built.error().message);
    return std::move(built).error();
  }
  std::shared_ptr<Runtime> next = std::move(built).value();
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
  spdlog::info("runtime generation {} active (rebuilt: {}; reused: {})", next->generation,
               join(outcome.report.rebuilt), join(outcome.report.reused));
  return outcome;
}

void RuntimeManager::stop_queue() {
  std::lock_guard lock(swap_mutex_);
  if (auto runtime = holder_.current(); runtime && runtime->queue.object) runtime->queue.object->stop();
}

}  // namespace vellum::plugins
