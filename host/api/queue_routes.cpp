#include "api/queue_routes.hpp"

#include "api/errors.hpp"
#include "api/queue_control_routes.hpp"
#include "common/clock.hpp"
#include "queue_admin/admin_operations.hpp"
#include "queue_admin/queue_snapshot.hpp"
#include "queue_admin/reindex.hpp"
#include "queue_admin/snapshot_json.hpp"

namespace vellum::api {

namespace {

using http::Response;

std::shared_ptr<sdk::StorageBackend> storage_of(ApiServices& services) {
  const auto rt = services.runtime.current();
  return rt ? rt->storage.object : nullptr;
}

Response status(ApiServices& services, QueueRouteServices& queue, const http::Caller& caller) {
  if (auto off = queue_disabled_message(queue.settings)) return Response::json(200, {{"enabled", false}, {"message", *off}});
  auto storage = storage_of(services);
  if (!storage) return Response::json(503, {{"enabled", true}, {"error", "storage is not available"}});
  auto snapshot = queue_admin::take_snapshot(*storage, queue.settings, now_ms());
  if (!snapshot) return Response::json(500, {{"enabled", true}, {"error", snapshot.error().message}});
  return Response::json(200, queue_admin::api_status_json(snapshot.value(), caller.is_admin()));
}

Response clear_failed(ApiServices& services, QueueRouteServices& queue) {
  if (auto off = queue_disabled_message(queue.settings)) return Response::error(400, *off);
  auto storage = storage_of(services);
  if (!storage) return Response::error(503, "storage is not available");
  auto n = queue_admin::delete_failed_tasks(*storage);
  if (!n) return error_response(n.error());
  return Response::json(200, {{"success", true},
                              {"message", "Cleared " + std::to_string(n.value()) + " failed tasks"},
                              {"count", n.value()}});
}

Response delete_task(ApiServices& services, QueueRouteServices& queue, const http::Request& request) {
  if (auto off = queue_disabled_message(queue.settings)) return Response::error(400, *off);
  auto storage = storage_of(services);
  if (!storage) return Response::error(503, "storage is not available");
  auto removed = queue_admin::delete_failed_task(*storage, std::string(request.param("id")));
  if (!removed) return error_response(removed.error());
  if (!removed.value()) return Response::error(404, "Task not found or not in failed status.");
  return Response::json(200, {{"success", true}, {"message", "Task deleted successfully"}});
}

Response reindex(ApiServices& services, QueueRouteServices& queue, const http::Request& request) {
  if (!queue.settings.semantic_search_enabled) return Response::error(400, "Semantic search is not enabled");
  // Queued tasks with no one to process them would leave a promise unkept (queue-spec §11.10).
  if (!queue.settings.disabled_reason().empty() && queue.settings.strategy != "sync") {
    return Response::error(400, "Embedding queue is disabled");
  }
  auto storage = storage_of(services);
  if (!storage) return Response::error(503, "storage is not available");
  queue_admin::ReindexRequest r;
  r.max_attempts = queue.settings.max_attempts();
  if (auto missing = request.query.get("missingOnly"); missing && (*missing == "true" || *missing == "1")) {
    // During a switch: the set being filled (what the configured provider embeds into).
    const auto rt = services.runtime.current();
    const auto* target = rt ? rt->lanes.target() : nullptr;
    if (!target) return Response::error(503, "no embedding set is active");
    r.missing_in_set = target->set.id;
  }
  if (auto priority = request.query.get("priority")) {
    auto parsed = sdk::parse_task_priority(*priority);
    if (!parsed) return Response::error(400, "priority must be high, normal or low");
    r.priority = *parsed;
  }
  auto done = queue_admin::queue_reindex(*storage, r, now_ms());
  if (!done) return Response::json(500, {{"success", false}, {"error", done.error().message}});
  const auto& o = done.value();
  return Response::json(200, {{"success", true},
                              {"enabled", true},
                              {"message", "Reindexing started. Queued " + std::to_string(o.queued) + " articles."},
                              {"queuedTasks", o.queued},
                              {"skippedNoRag", o.skipped_no_rag},
                              {"operationId", o.operation_id}});
}

}  // namespace

void register_queue_routes(http::Router& router, ApiServices& services, QueueRouteServices& queue) {
  using http::Access;
  auto& g = services.guard;
  router.add("GET", "/api/queue/status", guard(g, {Access::read}, [&services, &queue](const http::Request&, const http::Caller& c) {
               return status(services, queue, c);
             }));
  router.add("DELETE", "/api/queue/tasks/failed",
             guard(g, {Access::admin}, [&services, &queue](const http::Request&, const http::Caller&) {
               return clear_failed(services, queue);
             }));
  router.add("DELETE", "/api/queue/tasks/:id",
             guard(g, {Access::admin}, [&services, &queue](const http::Request& r, const http::Caller&) {
               return delete_task(services, queue, r);
             }));
  router.add("POST", "/api/rag/reindex",
             guard(g, {Access::admin, http::RouteClass::expensive},
                   [&services, &queue](const http::Request& r, const http::Caller&) { return reindex(services, queue, r); }));
  register_queue_control_routes(router, services, queue);
}

}  // namespace vellum::api
