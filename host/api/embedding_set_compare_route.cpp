// POST /api/embedding-sets/compare {"first": id, "second": id, "k"?: 10} (admin; expensive: it embeds
// every query with both sets' providers): `vellum embeddings compare` for the sets the running server
// keeps current (active, building, previous), over a sample of article titles as queries.
#include "api/embedding_set_json.hpp"
#include "api/errors.hpp"
#include "api/json_body.hpp"
#include "api/embedding_set_routes.hpp"
#include "api/route_guard.hpp"
#include "embeddings/set_compare.hpp"

namespace vellum::api {

namespace {

using http::Response;

constexpr std::size_t kSampleQueries = 20;

sdk::Result<embeddings::ComparedSet> kept_current(const plugins::EmbeddingLanes& lanes, const nlohmann::json& id) {
  if (!id.is_number_integer() || id.get<std::int64_t>() < 1) {
    return sdk::Error(sdk::ErrorKind::invalid_argument, "first and second are embedding set ids");
  }
  const auto* lane = lanes.find(id.get<sdk::EmbeddingSetId>());
  if (!lane || !lane->provider) {
    return sdk::Error(sdk::ErrorKind::invalid_argument,
                      "set " + id.dump() + " is not kept current by this server; compare it with `vellum embeddings compare`");
  }
  return embeddings::ComparedSet{lane->set, lane->provider};
}

Response compare(ApiServices& services, const http::Request& request) {
  const auto rt = services.runtime.current();
  if (!rt || !rt->storage.object) return Response::error(503, "storage is not available");
  auto body = parse_object(request.body);
  if (!body) return error_response(body.error());
  const auto& json = body.value();
  auto first = kept_current(rt->lanes, json.value("first", nlohmann::json()));
  if (!first) return error_response(first.error());
  auto second = kept_current(rt->lanes, json.value("second", nlohmann::json()));
  if (!second) return error_response(second.error());
  const auto k_value = json.value("k", nlohmann::json(10));
  if (!k_value.is_number_integer() || k_value.get<std::int64_t>() < 1 || k_value.get<std::int64_t>() > 100) {
    return Response::error(400, "k must be an integer from 1 to 100");
  }
  const auto k = k_value.get<std::size_t>();
  auto queries = embeddings::sample_titles(*rt->storage.object, kSampleQueries);
  if (!queries) return error_response(queries.error());
  auto compared = embeddings::compare_sets(*rt->storage.object, first.value(), second.value(), queries.value(), k);
  if (!compared) return error_response(compared.error());
  const auto& c = compared.value();
  nlohmann::json per_query = nlohmann::json::array();
  for (const auto& q : c.queries) {
    per_query.push_back({{"query", q.query},
                         {"overlap", q.overlap},
                         {"rankShift", q.rank_shift ? nlohmann::json(*q.rank_shift) : nlohmann::json(nullptr)}});
  }
  return Response::json(200, {{"first", embedding_set_json(first->set)},
                              {"second", embedding_set_json(second->set)},
                              {"k", k},
                              {"queries", per_query},
                              {"meanOverlap", c.mean_overlap},
                              {"meanRankShift", c.mean_rank_shift ? nlohmann::json(*c.mean_rank_shift)
                                                                  : nlohmann::json(nullptr)}});
}

}  // namespace

void register_embedding_set_compare_route(http::Router& router, ApiServices& services) {
  router.add("POST", "/api/embedding-sets/compare",
             guard(services.guard, {http::Access::admin, http::RouteClass::expensive},
                   [&services](const http::Request& r, const http::Caller&) { return compare(services, r); }));
}

}  // namespace vellum::api
