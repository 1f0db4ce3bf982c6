#include "api/queue_control_routes.hpp"

#include "api/errors.hpp"
#include "api/json_body.hpp"
#include "api/route_params.hpp"
#include "common/clock.hpp"
#include "queue_admin/admin_operations.hpp"
#include "queue_admin/throughput.hpp"

namespace vellum::api {

namespace {

using http::Request;
using http::Response;

std::shared_ptr<sdk::StorageBackend> storage_of(ApiServices& services) {
  const auto rt = services.runtime.current();
  return rt ? rt->storage.object : nullptr;
}

// Runs `action` on the storage when the queue is on; the refusals every queue route shares.
template <typename Action>
Response with_storage(ApiServices& services, QueueRouteServices& queue, Action action) {
  if (auto off = queue_disabled_message(queue.settings)) return Response::error(400, *off);
  auto storage = storage_of(services);
  if (!storage) return Response::error(503, "storage is not available");
  return action(*storage);
}

std::string within_poll(const QueueRouteServices& queue) {
  return " within one poll interval (" + std::to_string(queue.settings.poll_interval.count()) + " ms)";
}

Response set_running(ApiServices& services, QueueRouteServices& queue, bool running) {
  return with_storage(services, queue, [&](sdk::StorageBackend& storage) {
    if (auto done = queue_admin::set_running(storage, running, now_ms()); !done) return error_response(done.error());
    const std::string message = running ? "Queue started: workers resume claiming" + within_poll(queue)
                                        : "Queue stopped (Paused): workers finish their current batch and claim "
                                          "nothing new" + within_poll(queue);
    return Response::json(200, {{"success", true}, {"isRunning", running}, {"message", message}});
  });
}

Response drain(ApiServices& services, QueueRouteServices& queue) {
  return with_storage(services, queue, [&](sdk::StorageBackend& storage) {
    auto control = queue_admin::start_draining(storage, now_ms());
    if (!control) return error_response(control.error());
    std::string message = "Queue draining: writes queue no new tasks; workers finish the queued ones";
    if (!control->is_running) message += ". The queue is paused, so nothing is processed until it is started";
    return Response::json(200, {{"success", true}, {"draining", true}, {"isRunning", control->is_running},
                                {"message", message}});
  });
}

Response emergency_stop(ApiServices& services, QueueRouteServices& queue, const Request& request) {
  auto object = parse_object(request.body, /*empty_is_object=*/true);
  if (!object) return error_response(object.error());
  auto reason = string_field(object.value(), "reason");
  if (!reason) return error_response(reason.error());
  std::string text = reason.value().value_or("");
  if (text.empty()) text = "Emergency stop initiated by administrator";
  return with_storage(services, queue, [&](sdk::StorageBackend& storage) {
    auto cancelled = queue_admin::emergency_stop(storage, text, now_ms());
    if (!cancelled) return error_response(cancelled.error());
    return Response::json(200, {{"success", true},
                                {"isRunning", false},
                                {"reason", text},
                                {"cancelledTasks", cancelled.value()},
                                {"message", "Emergency stop: claiming stopped; " + std::to_string(cancelled.value()) +
                                                " processing tasks cancelled. Start the queue to resume."}});
  });
}

Response retry_failed(ApiServices& services, QueueRouteServices& queue, const Request& request) {
  auto object = parse_object(request.body, /*empty_is_object=*/true);
  if (!object) return error_response(object.error());
  auto dry_run = bool_field(object.value(), "dryRun");
  if (!dry_run) return error_response(dry_run.error());
  return with_storage(services, queue, [&](sdk::StorageBackend& storage) {
    sdk::RetryRequest r;
    r.query.statuses = {sdk::TaskStatus::failed};  // an operator's cancellation stays cancelled
    r.dry_run = dry_run.value().value_or(false);
    auto retried = queue_admin::retry_failed(storage, r, now_ms());
    if (!retried) return error_response(retried.error());
    const auto n = static_cast<std::int64_t>(retried.value().size());
    return Response::json(200, {{"success", true},
                                {"dryRun", r.dry_run},
                                {"count", n},
                                {"message", (r.dry_run ? "Would retry " : "Retried ") + std::to_string(n) +
                                                " failed tasks"}});
  });
}

Response retry_task(ApiServices& services, QueueRouteServices& queue, const Request& request) {
  const std::string id(request.param("id"));
  if (!queue_admin::looks_like_task_id(id)) return Response::error(404, "Task not found");
  return with_storage(services, queue, [&](sdk::StorageBackend& storage) {
    auto retried = queue_admin::retry_task(storage, id, /*force=*/false, now_ms());
    if (!retried) return error_response(retried.error());
    if (!retried.value()) {
      // The CLI's wording: every reason the task was left as it is.
      return Response::error(409, "Task not retried: not found, neither failed nor cancelled, attempts used up, "
                                  "or its article already has a pending task");
    }
    return Response::json(200, {{"success", true}, {"message", "Task is pending again"}});
  });
}

Response throughput(ApiServices& services, QueueRouteServices& queue, const Request& request) {
  auto minutes = integer_query(request, "minutes", 1, 24 * 60);
  if (!minutes) return error_response(minutes.error());
  auto bucket = integer_query(request, "bucketSeconds", 10, 3600);
  if (!bucket) return error_response(bucket.error());
  const std::chrono::minutes window(minutes.value().value_or(60));
  const std::chrono::seconds step(bucket.value().value_or(60));
  if (window / step > 1440) return Response::error(400, "at most 1440 buckets: widen bucketSeconds");
  return with_storage(services, queue, [&](sdk::StorageBackend& storage) {
    auto buckets = queue_admin::throughput(storage, now_ms(), window, step);
    if (!buckets) return error_response(buckets.error());
    nlohmann::json out = nlohmann::json::array();
    for (const auto& b : buckets.value()) {
      out.push_back({{"start", format_iso8601(b.start)},
                     {"completed", b.completed},
                     {"failed", b.failed},
                     {"meanLatencySeconds", b.mean_latency_seconds ? nlohmann::json(*b.mean_latency_seconds)
                                                                   : nlohmann::json()}});
    }
    return Response::json(200, {{"bucketSeconds", step.count()}, {"buckets", out}});
  });
}

}  // namespace

std::optional<std::string> queue_disabled_message(const queue_admin::QueueSettingsView& s) {
  if (!s.semantic_search_enabled) return std::string("Semantic search is not enabled");
  if (!s.queue_enabled || s.strategy.empty()) return std::string("Embedding queue is disabled");
  return std::nullopt;
}

void register_queue_control_routes(http::Router& router, ApiServices& services, QueueRouteServices& queue) {
  using http::Access;
  auto& g = services.guard;
  auto admin = [&](const char* path, auto action) {
    router.add("POST", path, guard(g, {Access::admin}, [&services, &queue, action](const Request& r, const http::Caller&) {
                 return action(services, queue, r);
               }));
  };
  admin("/api/queue/stop", [](ApiServices& s, QueueRouteServices& q, const Request&) { return set_running(s, q, false); });
  admin("/api/queue/start", [](ApiServices& s, QueueRouteServices& q, const Request&) { return set_running(s, q, true); });
  admin("/api/queue/drain", [](ApiServices& s, QueueRouteServices& q, const Request&) { return drain(s, q); });
  admin("/api/queue/emergency-stop", emergency_stop);
  admin("/api/queue/retry-failed", retry_failed);
  admin("/api/queue/tasks/:id/retry", retry_task);
  router.add("GET", "/api/queue/throughput",
             guard(g, {Access::read}, [&services, &queue](const Request& r, const http::Caller&) {
               return throughput(services, queue, r);
             }));
}

}  // namespace vellum::api
