#include "api/health_handler.hpp"

#include "api/embedding_set_json.hpp"
#include "api/health_metrics.hpp"
#include "api/reload_json.hpp"
#include "common/clock.hpp"
#include "common/redact.hpp"
#include "queue_admin/queue_snapshot.hpp"
#include "queue_admin/snapshot_json.hpp"

namespace vellum::api {

namespace {

nlohmann::json database_state(const plugins::Runtime* runtime) {
  if (!runtime || !runtime->storage.object) return {{"healthy", false}, {"message", "Storage is not initialised"}};
  if (auto status = runtime->storage.object->health(); !status) {
    return {{"healthy", false}, {"message", status.error().message}};
  }
  return {{"healthy", true}, {"message", "Database is healthy"}};
}

nlohmann::json provider_state(const plugins::Runtime& runtime, const HealthOptions& options) {
  if (!runtime.embedding.object) return nullptr;
  const auto description = runtime.embedding.object->describe();
  const auto status = options.provider_probe->check(runtime.embedding.object, options.provider_check_deadline);
  return {{"plugin", runtime.embedding.choice.plugin},
          {"provider", description.provider},
          {"model", description.model},
          {"dimensions", description.dimensions},
          {"summary", description.summary},
          {"healthy", status.ok()},
          {"message", status.ok() ? std::string("ok") : mask_credentials(status.error().message)}};
}

nlohmann::json queue_state(const plugins::Runtime& runtime) {
  if (!runtime.queue.object) return nullptr;
  const auto status = runtime.queue.object->status();
  return {{"plugin", runtime.queue.choice.plugin}, {"strategy", status.strategy}, {"state", status.state},
          {"workers", status.workers},             {"inFlight", status.in_flight},  {"detail", status.detail}};
}

// Article count and the embedding sets with their chunk counts, read in one snapshot.
nlohmann::json index_state(const plugins::Runtime& runtime) {
  nlohmann::json index = {{"totalArticles", nullptr}, {"embeddingSets", nlohmann::json::array()}};
  if (!runtime.storage.object) return index;
  auto status = runtime.storage.object->read([&](sdk::Repositories& repos) -> sdk::Status {
    auto total = repos.articles().count({});
    if (!total) return std::move(total).error();
    index["totalArticles"] = total.value();
    auto sets = repos.embedding_sets().list();
    if (!sets) return std::move(sets).error();
    for (const auto& set : sets.value()) {
      auto chunks = repos.chunks().count_chunks(set.id);
      index["embeddingSets"].push_back({{"id", set.id},
                                        {"provider", set.provider},
                                        {"model", set.model},
                                        {"dimensions", set.dimensions},
                                        {"state", set.state},
                                        {"chunks", chunks ? nlohmann::json(chunks.value()) : nlohmann::json()}});
    }
    return sdk::ok_status();
  });
  if (!status) index["error"] = status.error().message;
  return index;
}

// Why semantic search does not answer for every article: the active set lacks articles, or its
// provider could not be loaded.
nlohmann::json semantic_gaps(const plugins::Runtime& runtime) {
  nlohmann::json reasons = nlohmann::json::array();
  const auto& active = runtime.lanes.active;
  if (!active) return reasons;
  if (!active->provider) {
    reasons.push_back("the provider of embedding set " + std::to_string(active->set.id) + " is not loaded");
  }
  if (active->progress && active->progress->has_gap(to_epoch_ms(now_ms()))) {
    const auto coverage = active->progress->coverage();
    reasons.push_back("embedding set " + std::to_string(active->set.id) + " lacks " + std::to_string(coverage.missing) +
                      " of " + std::to_string(coverage.indexable) + " articles");
  }
  return reasons;
}

// Worker liveness from the heartbeat rows: the reference's "worker" keys plus each worker's age;
// a worker whose heartbeat is older than 2 x heartbeat interval is Stale (queue-spec §11.13).
nlohmann::json worker_state(const plugins::Runtime& runtime, const HealthOptions& options) {
  if (!runtime.storage.object || !options.queue_enabled) return nullptr;
  queue_admin::QueueSettingsView settings;
  settings.semantic_search_enabled = options.semantic_search_enabled;
  settings.queue_enabled = options.queue_enabled;
  settings.strategy = runtime.queue.choice.plugin;
  settings.heartbeat_interval = options.heartbeat_interval;
  auto snapshot = queue_admin::take_snapshot(*runtime.storage.object, settings, now_ms());
  if (!snapshot) return {{"error", snapshot.error().message}};
  const auto& s = snapshot.value();
  std::int64_t processed = 0, succeeded = 0, failed = 0;
  std::optional<sdk::Timestamp> last;
  for (const auto& w : s.workers) {
    processed += w.beat.tasks_processed;
    succeeded += w.beat.tasks_succeeded;
    failed += w.beat.tasks_failed;
    if (!last || w.beat.last_heartbeat > *last) last = w.beat.last_heartbeat;
  }
  return {{"status", queue_admin::label(s.state)},
          {"isRunning", s.state == queue_admin::WorkerState::running},
          {"tasksProcessed", processed},
          {"tasksSucceeded", succeeded},
          {"tasksFailed", failed},
          {"averageProcessingTime", s.activity.average_processing_seconds.value_or(0.0)},
          {"lastProcessedAt", last ? nlohmann::json(format_iso8601(*last)) : nlohmann::json()},
          {"staleAfterSeconds", static_cast<double>(settings.stale_after().count()) / 1000.0},
          {"workers", queue_admin::workers_json(s)}};
}

}  // namespace

http::Response health(const plugins::RuntimeHolder& holder) {
  const auto runtime = holder.current();
  const nlohmann::json database = database_state(runtime.get());
  const bool healthy = database["healthy"].get<bool>();
  return http::Response::json(healthy ? 200 : 503, {{"status", healthy ? "ok" : "degraded"},
                                                    {"timestamp", format_iso8601(now_ms())},
                                                    {"database", database}});
}

http::Response detailed_health(const plugins::RuntimeHolder& holder, const HealthOptions& options) {
  const auto runtime = holder.current();
  nlohmann::json database = database_state(runtime.get());
  const bool healthy = database["healthy"].get<bool>();
  nlohmann::json body = {{"status", healthy ? "ok" : "degraded"}, {"timestamp", format_iso8601(now_ms())}};
  nlohmann::json storage = nullptr;
  if (runtime && runtime->storage.object) {
    const auto description = runtime->storage.object->describe();
    storage = {{"plugin", runtime->storage.choice.plugin},
               {"backend", description.backend},
               {"location", description.location},
               {"serverVersion", description.server_version},
               {"healthy", healthy}};
    database["details"] = {{"backend", description.backend}, {"serverVersion", description.server_version}};
  }
  body["database"] = database;
  body["services"] = {{"semanticSearch", options.semantic_search_enabled},
                      {"mcpServer", options.mcp_enabled},
                      {"embeddingQueue",
                       {{"enabled", options.queue_enabled && runtime && runtime->queue.object != nullptr},
                        {"configValid", true},
                        {"configErrors", nlohmann::json::array()},
                        {"configWarnings", nlohmann::json::array()}}}};
  body["worker"] = runtime && healthy ? worker_state(*runtime, options) : nlohmann::json();
  body["storage"] = storage;
  body["provider"] = runtime ? provider_state(*runtime, options) : nlohmann::json();
  body["queue"] = runtime ? queue_state(*runtime) : nlohmann::json();
  body["index"] = runtime ? index_state(*runtime) : nlohmann::json();
  body["runtime"] = {{"generation", runtime ? runtime->generation : 0}};
  if (runtime) {
    body["embeddingSets"] = embedding_lanes_json(runtime->lanes);
    // Search still answers, so the server stays in rotation (200), but not for every article.
    auto reasons = semantic_gaps(*runtime);
    if (options.follower) {
      const auto lag = options.follower->lag();
      body["index"]["follower"] = follower_json(lag);
      if (auto reason = follower_degraded_reason(lag); !reason.empty()) reasons.push_back(reason);
    }
    if (healthy && !reasons.empty()) {
      body["status"] = "degraded";
      body["degradedReasons"] = reasons;
    }
  }
  if (options.reloads) {
    const auto record = options.reloads->view();
    body["runtime"]["config"] = running_config_json(record.running);
    body["runtime"]["lastReload"] = record.last ? outcome_json(*record.last) : nlohmann::json();
  }
  if (options.metrics) body["metrics"] = metrics_summary(*options.metrics);
  return http::Response::json(healthy ? 200 : 503, body);
}

}  // namespace vellum::api
