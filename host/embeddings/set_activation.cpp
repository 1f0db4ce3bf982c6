#include "embeddings/set_activation.hpp"

#include <charconv>

#include <nlohmann/json.hpp>

#include "plugins/embedding_lanes.hpp"

namespace vellum::embeddings {

namespace {

using sdk::Error;
using sdk::ErrorKind;

const sdk::EmbeddingSet* find_state(const std::vector<sdk::EmbeddingSet>& sets, std::string_view state) {
  for (const auto& set : sets)
    if (set.state == state) return &set;
  return nullptr;
}

const sdk::EmbeddingSet* find_id(const std::vector<sdk::EmbeddingSet>& sets, sdk::EmbeddingSetId id) {
  for (const auto& set : sets)
    if (set.id == id) return &set;
  return nullptr;
}

std::optional<sdk::EmbeddingSetId> parse_id(const std::optional<std::string>& text) {
  if (!text || text->empty()) return std::nullopt;
  sdk::EmbeddingSetId id = 0;
  if (std::from_chars(text->data(), text->data() + text->size(), id).ec != std::errc{}) return std::nullopt;
  return id;
}

// Tasks for every article the set lacks or holds from an older text, for that set only.
sdk::Result<std::int64_t> queue_lacking(sdk::Repositories& repos, sdk::EmbeddingSetId set, std::int32_t max_attempts,
                                        sdk::Timestamp now) {
  auto needing = repos.embedding_sets().articles_needing(set, 0, 0);
  if (!needing) return std::move(needing).error();
  std::int64_t queued = 0;
  for (auto id : needing.value()) {
    auto article = repos.articles().find_by_id(id);
    if (!article) return std::move(article).error();
    if (!article.value()) continue;
    sdk::TaskDraft draft;
    draft.article_id = id;
    draft.slug = article.value()->slug;
    draft.operation = sdk::TaskOperation::update;
    draft.max_attempts = max_attempts;
    draft.now = now;
    draft.scheduled_at = now;
    draft.embedding_set_id = set;
    draft.metadata_json = nlohmann::json{{"reason", "migration"}, {"title", article.value()->title},
                                         {"embeddingSetId", set}}
                              .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    auto enqueued = repos.tasks().enqueue(draft);
    if (!enqueued) return std::move(enqueued).error();
    ++queued;
  }
  return queued;
}

}  // namespace

sdk::Status cut_over(sdk::Repositories& repos, sdk::EmbeddingSetId target, sdk::Timestamp now) {
  auto& registry = repos.embedding_sets();
  auto listed = registry.list();
  if (!listed) return std::move(listed).error();
  const auto& sets = listed.value();
  const auto* chosen = find_id(sets, target);
  if (!chosen) return Error(ErrorKind::not_found, "no embedding set " + std::to_string(target));
  if (chosen->state == "active") return {};
  // Each move keeps "one active, one previous" true on its own (the stored unique indexes check it).
  if (const auto* previous = find_state(sets, "previous"); previous && previous->id != target) {
    if (auto s = registry.set_state(previous->id, "retired", now); !s) return s;
  }
  if (chosen->state == "previous") {
    if (auto s = registry.set_state(target, "building", now); !s) return s;
  }
  if (const auto* active = find_state(sets, "active")) {
    if (auto s = registry.set_state(active->id, "previous", now); !s) return s;
  }
  return registry.set_state(target, "active", now);
}

sdk::Result<ActivationOutcome> activate(sdk::StorageBackend& storage, const ActivationRequest& request,
                                        sdk::Timestamp now) {
  ActivationOutcome outcome;
  auto body = [&](sdk::Repositories& repos) -> sdk::Status {
    outcome = ActivationOutcome{};
    auto listed = repos.embedding_sets().list();
    if (!listed) return std::move(listed).error();
    const auto& sets = listed.value();
    const sdk::EmbeddingSet* chosen = nullptr;
    if (request.previous) {
      chosen = find_state(sets, "previous");
      if (!chosen) return Error(ErrorKind::not_found, "there is no previous embedding set to go back to");
    } else if (request.set) {
      chosen = find_id(sets, *request.set);
      if (!chosen) return Error(ErrorKind::not_found, "no embedding set " + std::to_string(*request.set));
    } else {
      return Error(ErrorKind::invalid_argument, "name the set to activate, or ask for the previous one");
    }
    if (chosen->state == "retired" && !request.force) {
      return Error(ErrorKind::conflict, "embedding set " + std::to_string(chosen->id) +
                                            " is retired: its provider is no longer kept loaded; --force activates "
                                            "it and embeds again what it lacks");
    }
    auto coverage = repos.embedding_sets().coverage(chosen->id);
    if (!coverage) return std::move(coverage).error();
    outcome.set = *chosen;
    outcome.coverage = coverage.value();
    outcome.to_embed = coverage->missing + coverage->stale;
    if (const auto* active = find_state(sets, "active")) outcome.replaced = active->id;
    outcome.already_active = chosen->state == "active";
    if (outcome.already_active) outcome.replaced.reset();
    if (coverage->missing > 0 && !request.force) {
      return Error(ErrorKind::conflict, "embedding set " + std::to_string(chosen->id) + " lacks " +
                                            std::to_string(coverage->missing) + " of " +
                                            std::to_string(coverage->indexable) +
                                            " articles; --force activates it anyway (search reports itself "
                                            "degraded until they are embedded)");
    }
    if (request.dry_run || outcome.already_active) return {};
    if (auto moved = cut_over(repos, chosen->id, now); !moved) return moved;
    auto configured = repos.settings().get(plugins::kConfiguredSetKey);
    if (!configured) return std::move(configured).error();
    plugins::OperatorPin pin{chosen->id, parse_id(configured.value()).value_or(0)};
    if (auto pinned = repos.settings().put(plugins::kOperatorPinKey, plugins::format_pin(pin)); !pinned) return pinned;
    if (outcome.to_embed > 0 && request.queue_max_attempts) {
      auto queued = queue_lacking(repos, chosen->id, *request.queue_max_attempts, now);
      if (!queued) return std::move(queued).error();
      outcome.queued = queued.value();
    }
    auto after = repos.embedding_sets().get(chosen->id);
    if (!after) return std::move(after).error();
    if (*after) outcome.set = **after;
    return {};
  };
  auto done = request.dry_run ? storage.read(body) : storage.transact(body);
  if (!done) return std::move(done).error();
  return outcome;
}

}  // namespace vellum::embeddings
