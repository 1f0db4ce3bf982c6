#include "api/embedding_set_routes.hpp"

#include "api/embedding_set_json.hpp"
#include "api/errors.hpp"
#include "api/json_body.hpp"
#include "api/route_guard.hpp"
#include "common/clock.hpp"
#include "config/value_parsing.hpp"
#include "embeddings/set_activation.hpp"
#include "embeddings/set_report.hpp"

namespace vellum::api {

namespace {

using http::Response;

// What the running snapshot does with a set: "active", "building", "previous" (kept current), or
// null when it is not kept current.
nlohmann::json role_of(const plugins::EmbeddingLanes& lanes, sdk::EmbeddingSetId id) {
  if (lanes.active && lanes.active->set.id == id) return "active";
  if (lanes.building && lanes.building->set.id == id) return "building";
  if (lanes.previous && lanes.previous->set.id == id) return "previous";
  return nullptr;
}

Response list_sets(ApiServices& services) {
  const auto rt = services.runtime.current();
  if (!rt || !rt->storage.object) return Response::error(503, "storage is not available");
  auto reports = embeddings::report_sets(*rt->storage.object);
  if (!reports) return error_response(reports.error());
  nlohmann::json sets = nlohmann::json::array();
  for (const auto& report : reports.value()) {
    auto one = set_with_coverage_json(report.set, report.coverage);
    one["vectors"] = report.vectors;
    one["keptCurrent"] = role_of(rt->lanes, report.set.id);
    sets.push_back(std::move(one));
  }
  const auto& policy = rt->switching;
  return Response::json(
      200, {{"sets", std::move(sets)},
            {"lanes", embedding_lanes_json(rt->lanes)},
            {"policy",
             {{"cutover", policy.automatic_cutover ? "auto" : "manual"},
              {"rollbackWindowSeconds", std::chrono::duration_cast<std::chrono::seconds>(policy.rollback_window).count()},
              {"migrationShare", policy.migration_share}}}});
}

Response activate_set(ApiServices& services, embeddings::SwitchCoordinator& coordinator, const http::Request& request) {
  const auto rt = services.runtime.current();
  if (!rt || !rt->storage.object) return Response::error(503, "storage is not available");
  embeddings::ActivationRequest wanted;
  const std::string id(request.param("id"));
  if (id == "previous") {
    wanted.previous = true;
  } else if (auto parsed = config::parse_integer(id); parsed && *parsed > 0) {
    wanted.set = *parsed;
  } else {
    return Response::error(400, "the set is a positive id or 'previous'");
  }
  auto body = parse_object(request.body, /*empty_is_object=*/true);
  if (!body) return error_response(body.error());
  auto force = bool_field(body.value(), "force");
  if (!force) return error_response(force.error());
  auto dry_run = bool_field(body.value(), "dryRun");
  if (!dry_run) return error_response(dry_run.error());
  wanted.force = force.value().value_or(false);
  wanted.dry_run = dry_run.value().value_or(false);
  // What the set lacks is queued for the workers; a strategy without a task table cannot take it.
  wanted.queue_max_attempts.reset();
  if (rt->queue.object && rt->queue.object->uses_task_table()) {
    wanted.queue_max_attempts = rt->queue.object->task_max_attempts();
  }

  auto done = embeddings::activate(*rt->storage.object, wanted, now_ms());
  if (!done) return error_response(done.error());
  // Answer once the snapshot searches the activated set: the coordinator's pass follows the stored states.
  if (!wanted.dry_run) {
    if (auto followed = coordinator.tick(); !followed) return error_response(followed.error());
  }
  const auto& o = done.value();
  nlohmann::json out = {{"set", set_with_coverage_json(o.set, o.coverage)},
                        {"replaced", o.replaced ? nlohmann::json(*o.replaced) : nlohmann::json(nullptr)},
                        {"alreadyActive", o.already_active},
                        {"toEmbed", o.to_embed},
                        {"queued", o.queued},
                        {"dryRun", wanted.dry_run}};
  if (auto after = services.runtime.current()) {
    out["generation"] = after->generation;
    out["lanes"] = embedding_lanes_json(after->lanes);
  }
  return Response::json(200, out);
}

}  // namespace

void register_embedding_set_routes(http::Router& router, ApiServices& services,
                                   embeddings::SwitchCoordinator& coordinator) {
  register_embedding_set_compare_route(router, services);
  using http::Access;
  router.add("GET", "/api/embedding-sets",
             guard(services.guard, {Access::read},
                   [&services](const http::Request&, const http::Caller&) { return list_sets(services); }));
  router.add("POST", "/api/embedding-sets/:id/activate",
             guard(services.guard, {Access::admin}, [&services, &coordinator](const http::Request& r, const http::Caller&) {
               return activate_set(services, coordinator, r);
             }));
}

}  // namespace vellum::api
