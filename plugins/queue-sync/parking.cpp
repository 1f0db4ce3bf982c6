#include "parking.hpp"

#include <nlohmann/json.hpp>

namespace vellum::queue_sync {

const char* to_string(Shortfall why) noexcept {
  switch (why) {
    case Shortfall::failed: return "failed";
    case Shortfall::stopped: return "stopped";
    case Shortfall::not_running: return "not_running";
  }
  return "failed";
}

sdk::Status park(sdk::HostContext& host, const Parking& parking) {
  auto* pipeline = host.queue_host();
  auto storage = pipeline ? pipeline->storage() : nullptr;
  if (!storage) return sdk::Error(sdk::ErrorKind::unavailable, "the host offers no storage");
  const auto& change = parking.change;
  return storage->transact([&](sdk::Repositories& repos) -> sdk::Status {
    auto article = repos.articles().find_by_id(change.article_id);
    if (!article) return std::move(article).error();
    if (!article.value()) return {};
    const auto now = host.now();
    sdk::TaskDraft draft;
    draft.article_id = change.article_id;
    draft.slug = article.value()->slug;
    draft.operation = change.operation;
    draft.priority = change.priority;
    draft.max_attempts = parking.max_attempts;
    draft.now = now;
    draft.scheduled_at = now + parking.delay;
    // The write's own reason stays the task's reason (filters such as `queue clear --reason` keep
    // working); the rest says how the task came to be.
    draft.metadata_json = nlohmann::json{{"reason", change.reason},
                                         {"queuedBy", "sync"},
                                         {"syncShortfall", to_string(parking.why)},
                                         {"syncError", parking.error}}
                              .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    auto enqueued = repos.tasks().enqueue(draft);
    if (!enqueued) return std::move(enqueued).error();
    return {};
  });
}

}  // namespace vellum::queue_sync
